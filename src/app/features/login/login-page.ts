import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { LoginFailure, Session } from '../../rtd/session';

@Component({
  selector: 'app-login-page',
  imports: [FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form (ngSubmit)="submit()">
      <label>Username <input name="username" [(ngModel)]="username" autocomplete="username" /></label>
      <label>Password <input name="password" type="password" [(ngModel)]="password" autocomplete="current-password" /></label>
      <button type="submit" [disabled]="busy()">Log in</button>
      @if (error()) { <p role="alert" class="error">{{ error() }}</p> }
    </form>
  `,
})
export class LoginPage {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  readonly returnUrl = input<string>();
  protected username = '';
  protected password = '';
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async submit(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.session.login(this.username, this.password);
      await this.router.navigateByUrl(this.returnUrl() ?? '/services');
    } catch (e) {
      this.password = '';
      this.error.set(e instanceof LoginFailure ? e.info.message : String(e));
    } finally {
      this.busy.set(false);
    }
  }
}
