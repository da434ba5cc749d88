// The theme choice: 'system' follows prefers-color-scheme and prefers-contrast (in CSS); the others force a theme.
import { useEffect, useState } from 'react';

export type Theme = 'system' | 'light' | 'dark' | 'contrast';
export const THEMES: Theme[] = ['system', 'light', 'dark', 'contrast'];
const KEY = 'parley.theme';

function stored(): Theme {
  const value = localStorage.getItem(KEY);
  return THEMES.includes(value as Theme) ? (value as Theme) : 'system';
}

export function useTheme(): [Theme, (theme: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(stored);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(KEY, theme);
  }, [theme]);
  return [theme, setTheme];
}
