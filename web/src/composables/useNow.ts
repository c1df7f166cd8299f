import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';

/** The current time, ticking every `intervalMs` (the wall clock, countdowns). */
export function useNow(intervalMs = 1000): ShallowRef<Date> {
  const now = shallowRef(new Date());
  const timer = setInterval(() => {
    now.value = new Date();
  }, intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
