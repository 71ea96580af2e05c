/**
 * Light or dark theme: the class `dark-theme` on <html> switches Material's colour scheme (styles.scss).
 * Remembered in this browser; the first visit follows the operating system's preference.
 */
import { DOCUMENT, Injectable, computed, effect, inject, signal } from '@angular/core';

export type ThemeName = 'light' | 'dark';
export const THEME_STORAGE_KEY = 'rtd-wallboard.theme';
export const DARK_THEME_CLASS = 'dark-theme';

@Injectable({ providedIn: 'root' })
export class Theme {
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<ThemeName>(this.initial());
  /** A theme imposed for a while (the kiosk's dark theme), without changing the user's choice. */
  private readonly imposed = signal<ThemeName | null>(null);

  readonly theme = computed(() => this.imposed() ?? this.current());

  constructor() {
    effect(() => this.document.documentElement.classList.toggle(DARK_THEME_CLASS, this.theme() === 'dark'));
  }

  /** Imposes `theme` until called with null; the remembered choice stays as it was. */
  impose(theme: ThemeName | null): void {
    this.imposed.set(theme);
  }

  set(theme: ThemeName): void {
    this.current.set(theme);
    try {
      localStorage.setItem(THEME_STORAGE_KEY, theme);
    } catch {
      // Storage disabled: the choice lasts for this visit.
    }
  }

  toggle(): void {
    this.set(this.current() === 'dark' ? 'light' : 'dark');
  }

  private initial(): ThemeName {
    let stored: string | null;
    try {
      stored = localStorage.getItem(THEME_STORAGE_KEY);
    } catch {
      stored = null;
    }
    if (stored === 'light' || stored === 'dark') return stored;
    return this.document.defaultView?.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
}
