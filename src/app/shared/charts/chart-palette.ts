/**
 * Chart colours per theme. A canvas cannot read CSS variables, so these repeat the state colours of styles.scss
 * (--rtd-ok, --rtd-busy, --rtd-critical, --rtd-warning) and Material's text colours: keep them in step.
 */
import type { ThemeName } from '../theme';
import type { ChartColour } from './chart-view';

export interface ChartPalette {
  text: string;
  mutedText: string;
  gridLine: string;
  /** Between donut slices, so neighbouring colours stay apart. */
  surface: string;
  colours: Record<ChartColour, string>;
  /** Threshold lines: --rtd-warning and --rtd-critical. */
  levels: { warning: string; critical: string };
}

export const CHART_PALETTES: Record<ThemeName, ChartPalette> = {
  light: {
    text: '#1a1c1e',
    mutedText: '#43474e',
    gridLine: '#c4c6cf',
    surface: '#ffffff',
    colours: { ready: '#146c2e', booked: '#6750a4', busy: '#0b57d0', 'not-ready': '#b3261e', 'post-call': '#8a5a00', unknown: '#74777f', accent: '#005cbb' },
    levels: { warning: '#8a5a00', critical: '#b3261e' },
  },
  dark: {
    text: '#e2e2e6',
    mutedText: '#c4c6cf',
    gridLine: '#44474e',
    surface: '#1a1c1e',
    colours: { ready: '#6fdc8c', booked: '#d0bcff', busy: '#a8c7fa', 'not-ready': '#ffb4ab', 'post-call': '#ffb951', unknown: '#8e9099', accent: '#abc7ff' },
    levels: { warning: '#ffb951', critical: '#ffb4ab' },
  },
};
