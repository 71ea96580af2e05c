/**
 * Defines a board: services and groups per channel, the agent grid's filter, custom stats, site, service level
 * source, thresholds and density. Saving stores the board in this browser and opens it.
 */
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { I18n, type MessageKey } from '../../../i18n/i18n';
import { type RevealedCodes, RtdDirectory } from '../../../rtd/directory';
import type { MultiChannel, UserStatusFilter } from '../../../rtd/generated/graphql';
import { CHANNELS, channelLabelKey } from '../../../shared/channel';
import { THRESHOLD_KPIS, THRESHOLD_UNITS, type ThresholdKpi, WORSE_WHEN } from '../../../shared/thresholds';
import { type AgentFilter, type AgentSource, type BoardDefinition, type ChannelCodes, NEW_BOARD_ID, USER_STATUS_FILTERS, agentSource } from '../board';
import { BOARD_PARAM, BoardStore } from '../board-store';
import { importProblemMessage } from '../boards-page/import-message';
import { CodeMatrix } from '../code-matrix/code-matrix';
import { BOARD_TEMPLATES, type BoardTemplate, boardToSave, canSave, choosesNothing, draftProblems, listFromText, newDraft, numbersFromText, withTemplate } from './board-editor-view';

@Component({
  selector: 'app-board-editor',
  imports: [MatButtonModule, MatButtonToggleModule, MatChipsModule, MatFormFieldModule, MatInputModule, MatSelectModule, RouterLink, CodeMatrix],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './board-editor.html',
  styleUrl: './board-editor.scss',
})
export class BoardEditor {
  protected readonly i18n = inject(I18n);
  private readonly store = inject(BoardStore);
  private readonly router = inject(Router);
  private readonly directory = inject(RtdDirectory);
  protected readonly channels = CHANNELS;
  protected readonly channelLabelKey = channelLabelKey;
  protected readonly statuses = USER_STATUS_FILTERS;
  protected readonly thresholdKpis = THRESHOLD_KPIS;
  protected readonly thresholdUnits = THRESHOLD_UNITS;
  protected readonly worseWhen = WORSE_WHEN;

  /** The route's :id; "new" for a new board. */
  readonly id = input.required<string>();
  protected readonly isNew = computed(() => this.id() === NEW_BOARD_ID);
  protected readonly revealed = signal<RevealedCodes>({ services: [], skillsets: [], sites: [] });
  protected readonly revealedError = signal(false);
  protected readonly draft = signal<BoardDefinition | null>(null);
  protected readonly problems = computed(() => {
    const draft = this.draft();
    return draft ? draftProblems(draft) : null;
  });
  protected readonly submitted = signal(false);
  /** A new board's starting point (empty by default: the user ticks what the board shows). */
  protected readonly templates = BOARD_TEMPLATES;
  protected readonly template = signal<BoardTemplate>('empty');
  protected readonly nothingChosen = computed(() => {
    const draft = this.draft();
    return !!draft && choosesNothing(draft);
  });
  protected readonly saveError = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  private async load(): Promise<void> {
    let revealed: RevealedCodes = { services: [], skillsets: [], sites: [] };
    try {
      revealed = await this.directory.revealed();
    } catch {
      // Choices are a convenience: codes can still be typed.
      this.revealedError.set(true);
    }
    this.revealed.set(revealed);
    const taken = new Set(this.store.boards().map((board) => board.id));
    const existing = this.store.boards().find((board) => board.id === this.id());
    this.draft.set(existing ? structuredClone(existing) : newDraft(this.i18n.t('boards.newName'), revealed, taken));
  }

  protected startFrom(template: BoardTemplate): void {
    this.template.set(template);
    this.draft.update((draft) => (draft ? withTemplate(draft, this.revealed(), template) : draft));
  }

  protected update(change: Partial<BoardDefinition>): void {
    this.draft.update((draft) => (draft ? { ...draft, ...change } : draft));
  }

  /** Where the board's agents come from, as the board says or as an older board implies. */
  protected readonly agentSource = computed<AgentSource>(() => {
    const draft = this.draft();
    return draft ? agentSource(draft) : 'services';
  });

  protected setAgentSource(source: AgentSource): void {
    this.update({ agentSource: source });
  }

  protected updateAgents(change: Partial<AgentFilter>): void {
    this.draft.update((draft) => (draft ? { ...draft, agents: { ...draft.agents, ...change } } : draft));
  }

  protected setServices(services: ChannelCodes): void {
    this.update({ services });
  }

  protected setGroups(groups: ChannelCodes): void {
    this.update({ groups });
  }

  protected setThreshold(kpi: ThresholdKpi, level: 'warning' | 'critical', text: string): void {
    this.draft.update((draft) => (draft ? { ...draft, thresholds: { ...draft.thresholds, [kpi]: { ...draft.thresholds[kpi], [level]: text === '' ? NaN : Number(text) } } } : draft));
  }

  protected setHold(text: string): void {
    this.draft.update((draft) => (draft ? { ...draft, thresholds: { ...draft.thresholds, holdSeconds: text === '' ? NaN : Number(text) } } : draft));
  }

  protected text(list: readonly (string | number)[] | undefined): string {
    return (list ?? []).join(', ');
  }

  protected setList(key: 'skillsets' | 'services' | 'activityCodes', text: string): void {
    this.updateAgents({ [key]: listFromText(text) });
  }

  protected setSites(text: string): void {
    this.updateAgents({ sites: numbersFromText(text) });
  }

  protected setCustomStatKeys(text: string): void {
    this.update({ customStatKeys: listFromText(text) });
  }

  protected toggleStatus(status: UserStatusFilter, on: boolean): void {
    const current = this.draft()?.agents.statuses ?? [];
    this.updateAgents({ statuses: on ? [...current.filter((s) => s !== status), status] : current.filter((s) => s !== status) });
  }

  protected toggleChannel(channel: MultiChannel, on: boolean): void {
    const current = this.draft()?.agents.channels ?? [];
    this.updateAgents({ channels: on ? [...current.filter((c) => c !== channel), channel] : current.filter((c) => c !== channel) });
  }

  protected thresholdProblem(kpi: ThresholdKpi | 'holdSeconds'): MessageKey | null {
    const problem = this.problems()?.thresholds.find((p) => p.kpi === kpi);
    if (!problem) return null;
    if (problem.problem === 'range') return kpi === 'holdSeconds' ? 'boards.holdRange' : THRESHOLD_UNITS[kpi] === 'percent' ? 'boards.percentRange' : 'boards.secondsRange';
    return WORSE_WHEN[kpi as ThresholdKpi] === 'below' ? 'boards.orderBelow' : 'boards.orderAbove';
  }

  protected async save(): Promise<void> {
    this.submitted.set(true);
    const draft = this.draft();
    const problems = this.problems();
    if (!draft || !problems || !canSave(problems)) return;
    const taken = new Set(this.store.boards().map((board) => board.id));
    const board = boardToSave(draft, this.isNew(), taken);
    const problem = this.store.save(board);
    if (problem) {
      this.saveError.set(importProblemMessage(this.i18n, problem));
      return;
    }
    await this.router.navigate(['/services'], { queryParams: { [BOARD_PARAM]: board.id } });
  }
}
