/** The tweaks a push rule's actions set (`{"set_tweak": "sound", "value": "default"}` -> `sound: "default"`); `highlight` alone means true. */
export function tweaksOf(actions: unknown): Record<string, unknown> {
  const tweaks: Record<string, unknown> = {};
  if (!Array.isArray(actions)) return tweaks;
  for (const a of actions) {
    if (a === null || typeof a !== 'object') continue;
    const { set_tweak: name, value } = a as Record<string, unknown>;
    if (typeof name !== 'string') continue;
    tweaks[name] = value === undefined && name === 'highlight' ? true : value;
  }
  return tweaks;
}
