import { onScopeDispose, watch, type Ref } from 'vue';
import { nextInPlaylist } from '../stores/view-state.ts';

/**
 * The kiosk's rotation playlist: every `seconds`, select the next city. The selection is written to
 * the URL by `select`, so a rotating wall can be paused on any city by copying its link.
 */
export function useRotation(
  seconds: Ref<number | null>,
  playlist: readonly string[],
  current: Ref<string | null>,
  select: (code: string) => void,
): void {
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  watch(
    seconds,
    (s) => {
      stop();
      if (s === null) return;
      timer = setInterval(() => {
        const next = nextInPlaylist(playlist, current.value);
        if (next !== null) select(next);
      }, s * 1000);
    },
    { immediate: true },
  );
  onScopeDispose(stop);
}
