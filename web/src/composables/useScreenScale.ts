import { onScopeDispose, ref, type Ref } from 'vue';

/** The design size of the big screen: everything is laid out for it and scaled to the window. */
export const DESIGN_WIDTH = 1920;
export const DESIGN_HEIGHT = 1080;

export function screenScale(width: number, height: number): number {
  return Math.min(width / DESIGN_WIDTH, height / DESIGN_HEIGHT);
}

/** The window's scale relative to 1920×1080 (2 on a 4K wall, ≈ 0.71 on a 1366×768 laptop), kept current. */
export function useScreenScale(): Ref<number> {
  const scale = ref(screenScale(window.innerWidth, window.innerHeight));
  const update = () => {
    scale.value = screenScale(window.innerWidth, window.innerHeight);
  };
  window.addEventListener('resize', update);
  onScopeDispose(() => window.removeEventListener('resize', update));
  return scale;
}
