/** `2023-05-24T15:19:00+02:00` → `2023-05-24 15:19`, in the offset the date was written in (Paris for RFI). */
export function wallClockOf(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : '';
}
