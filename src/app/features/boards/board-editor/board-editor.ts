/**
 * Defines a board: services and groups per channel, the agent grid's filter, custom stats, site, service level
 * source, thresholds and density. Saving stores the board (the team's, on the wallboard server, or this browser's)
 * and opens it. A team board is saved from the version the editor started from: when someone else saved it
 * meanwhile, the save is refused, the editor keeps every change, says who saved and when, and the supervisor
 * chooses: overwrite with theirs known, load theirs, or keep editing (the next save asks again).
 */
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
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
import { boardSummary } from '../boards-page/board-summary';
import { BoardVersions } from '../board-versions/board-versions';
import { CodeMatrix } from '../code-matrix/code-matrix';
import type { TeamBoard } from '../team-boards';
import { savedWhen } from '../team-board-view';
import { BOARD_TEMPLATES, type BoardTemplate, boardToSave, canSave, choosesNothing, draftProblems, listFromText, newDraft, numbersFromText, withTemplate } from './board-editor-view';

@Component({
  selector: 'app-board-editor',
  imports: [MatButtonModule, MatButtonToggleModule, MatChipsModule, MatFormFieldModule, MatInputModule, MatSelectModule, RouterLink, CodeMatrix, BoardVersions],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './board-editor.html',
  styleUrl: './board-editor.scss',
})
export class BoardEditor {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(BoardStore);
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
  /** The team board as the editor started from it (its version is what a save names); null for a new or local board. */
  private readonly base = signal<TeamBoard | null>(null);
  /** Someone else saved the board meanwhile: their version, while the supervisor decides. */
  protected readonly conflict = signal<TeamBoard | null>(null);
  protected readonly conflictText = computed(() => {
    const theirs = this.conflict();
    return theirs
      ? {
          message: this.i18n.t('boards.conflict', { who: theirs.updatedBy, when: savedWhen(this.i18n, theirs.updatedAt) }),
          theirs: this.i18n.t('boards.conflictTheirs', { name: theirs.name, summary: boardSummary(this.i18n, theirs.board) }),
        }
      : null;
  });
  /** Versions are the team's: a saved team board has them. */
  protected readonly hasVersions = computed(() => !this.isNew() && this.store.shared() && this.store.teamBoard(this.id()) !== null);

  constructor() {
    void this.load();
    // Saved elsewhere while this editor is open and untouched: show the new version (nothing of the user's is lost).
    effect(() => {
      const latest = this.store.teamBoard(this.id());
      const base = untracked(this.base);
      if (!latest || !base || latest.version <= base.version) return;
      untracked(() => {
        if (JSON.stringify(this.draft()) === JSON.stringify(base.board)) this.editFrom(latest);
      });
    });
  }

  /** Edits from `board` as saved on the server. */
  private editFrom(board: TeamBoard): void {
    this.base.set(board);
    this.draft.set(structuredClone(board.board));
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
    // After a reload the team's boards may still be on their way: the editor starts from the saved board, never a blank one.
    await this.store.ready();
    const taken = new Set(this.store.boards().map((board) => board.id));
    const existing = this.store.boards().find((board) => board.id === this.id());
    this.base.set(existing ? this.store.teamBoard(existing.id) : null);
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
    await this.write(board, this.isNew() ? null : (this.base()?.version ?? null));
  }

  /** "Overwrite with mine": saved over the version the supervisor was just told about, not any later one. */
  protected async overwrite(): Promise<void> {
    const theirs = this.conflict();
    const draft = this.draft();
    if (!theirs || !draft) return;
    await this.write({ ...boardToSave(draft, false, new Set()), id: theirs.id }, theirs.version);
  }

  /** "Load theirs": the editor starts again from their version; the user's changes are dropped on purpose. */
  protected takeTheirs(): void {
    const theirs = this.conflict();
    if (!theirs) return;
    this.conflict.set(null);
    this.editFrom(theirs);
  }

  /** A version put back from the list: the editor shows it. */
  protected restored(board: TeamBoard): void {
    this.conflict.set(null);
    this.editFrom(board);
  }

  private async write(board: BoardDefinition, baseVersion: number | null): Promise<void> {
    this.saveError.set(null);
    const problem = await this.store.save(board, this.store.shared() ? baseVersion : undefined);
    if (problem?.kind === 'conflict') {
      this.conflict.set(problem.current);
      return;
    }
    if (problem) {
      this.saveError.set(importProblemMessage(this.i18n, problem));
      return;
    }
    this.conflict.set(null);
    await this.router.navigate(['/services'], { queryParams: { [BOARD_PARAM]: board.id } });
  }
}
