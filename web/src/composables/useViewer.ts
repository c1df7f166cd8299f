/**
 * Who the page's bearer token stands for, and so which actions the page offers. Only what to show:
 * the server checks every mutation itself.
 */
import { SCHEDULING_STEP_ROLES, type SchedulingStep } from '@gcc/domain';
import { computed } from 'vue';
import { VIEWER_QUERY } from '../api/queries.ts';
import { useQuery } from './useQuery.ts';

export function useViewer() {
  const q = useQuery(VIEWER_QUERY);
  const viewer = computed(() => q.data.value?.viewer);
  /** May take this step of a scheduling order (@gcc/domain SCHEDULING_STEP_ROLES). */
  const mayStep = (step: SchedulingStep) => {
    const v = viewer.value;
    return !!v && !v.readOnly && v.role !== null && (SCHEDULING_STEP_ROLES[step] as readonly string[]).includes(v.role);
  };
  /** May change anything (acknowledge an alert): not a kiosk or viewer role. */
  const mayWrite = computed(() => !!viewer.value && !viewer.value.readOnly);
  return { viewer, mayStep, mayWrite };
}
