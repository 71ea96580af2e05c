/**
 * /login: username and password, or an access token (for wallboard TVs). Each kind of failure has its own
 * message; the secret is cleared after a failure; after success the visitor goes back where they were going.
 */
import { ChangeDetectionStrategy, Component, ElementRef, afterNextRender, computed, inject, input, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { merge } from 'rxjs';
import { NgTemplateOutlet } from '@angular/common';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import type { ErrorStateMatcher } from '@angular/material/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatTabsModule } from '@angular/material/tabs';
import { Router } from '@angular/router';
import { I18n, type MessageKey } from '../../i18n/i18n';
import type { SessionEnd } from '../../rtd/session-end';
import { LoginFailure, Session, type SessionProfile } from '../../rtd/session';
import { LanguageSwitch } from '../../shared/language-switch/language-switch';
import { ThemeToggle } from '../../shared/theme-toggle/theme-toggle';
import { type LoginFailureView, type LoginMethod, loginFailureView, safeReturnUrl } from './login-failure-view';

/** A field shows its error once it was left or a submit was tried; not after a failure cleared the password. */
const TOUCHED_ONLY: ErrorStateMatcher = { isErrorState: (control) => !!control && control.invalid && control.touched };

const ENDED_MESSAGES: Record<SessionEnd, MessageKey> = { unknown: 'login.ended.unknown', expired: 'login.ended.expired', ended: 'login.ended.ended' };

@Component({
  selector: 'app-login-page',
  imports: [NgTemplateOutlet, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressSpinnerModule, MatTabsModule, LanguageSwitch, ThemeToggle],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './login-page.html',
  styleUrl: './login-page.scss',
})
export class LoginPage {
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(Session);
  private readonly router = inject(Router);

  /** Where the visitor was going (query parameter, bound by the router). */
  readonly returnUrl = input<string>();

  protected readonly touchedOnly = TOUCHED_ONLY;
  protected readonly endedMessages = ENDED_MESSAGES;
  protected readonly method = signal<LoginMethod>('password');
  protected readonly busy = signal(false);
  protected readonly failure = signal<LoginFailureView | null>(null);
  protected readonly passwordHidden = signal(true);
  protected readonly failureMessage = computed(() => {
    const failure = this.failure();
    if (!failure) return null;
    const wait = failure.waitSeconds !== undefined ? this.i18n.durationWords(failure.waitSeconds) : '';
    return this.i18n.t(failure.messageKey, { wait });
  });

  protected readonly credentials = new FormGroup({
    username: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly tokenForm = new FormGroup({
    accessToken: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  private readonly usernameInput = viewChild<ElementRef<HTMLInputElement>>('usernameInput');
  private readonly passwordInput = viewChild<ElementRef<HTMLInputElement>>('passwordInput');
  private readonly tokenInput = viewChild<ElementRef<HTMLInputElement>>('tokenInput');

  constructor() {
    afterNextRender(() => this.usernameInput()?.nativeElement.focus());
    // What was said about the last attempt (or the ended session) no longer holds once the user types again.
    merge(this.credentials.valueChanges, this.tokenForm.valueChanges)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.clearFeedback());
  }

  private clearFeedback(): void {
    this.failure.set(null);
    this.session.dismissEnded();
  }

  protected selectMethod(index: number): void {
    this.method.set(index === 1 ? 'token' : 'password');
    this.failure.set(null);
  }

  protected async submitPassword(): Promise<void> {
    if (this.busy()) return;
    if (this.credentials.invalid) {
      this.clearFeedback();
      this.credentials.markAllAsTouched();
      return;
    }
    const { username, password } = this.credentials.getRawValue();
    await this.attempt('password', () => this.session.login(username.trim(), password));
  }

  protected async submitToken(): Promise<void> {
    if (this.busy()) return;
    if (this.tokenForm.invalid) {
      this.clearFeedback();
      this.tokenForm.markAllAsTouched();
      return;
    }
    const { accessToken } = this.tokenForm.getRawValue();
    await this.attempt('token', () => this.session.loginWithAccessToken(accessToken.trim()));
  }

  private async attempt(method: LoginMethod, login: () => Promise<SessionProfile>): Promise<void> {
    this.busy.set(true);
    this.clearFeedback();
    let profile: SessionProfile;
    try {
      profile = await login();
    } catch (error) {
      const info = error instanceof LoginFailure ? error.info : { kind: 'server' as const, message: error instanceof Error ? error.message : String(error) };
      this.failed(loginFailureView(info, method), method);
      return;
    } finally {
      this.busy.set(false);
    }
    this.i18n.adoptSessionLanguage(profile.language);
    await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
  }

  private failed(failure: LoginFailureView, method: LoginMethod): void {
    // The secret is cleared first: that change is the app's, not the user's, and must not clear the message.
    if (method === 'password') {
      this.credentials.controls.password.reset();
      this.passwordInput()?.nativeElement.focus();
    } else {
      if (failure.clearSecret) this.tokenForm.controls.accessToken.reset();
      this.tokenInput()?.nativeElement.focus();
    }
    this.failure.set(failure);
  }
}
