/**
 * The only place the console's common ECharts modules are registered: import from here, never from
 * 'echarts' (the full bundle is twice the size). The map's modules are registered with the map
 * (guangdong-map.ts), so pages without a map do not load them.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendPlainComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, LegendPlainComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export { default as VChart } from 'vue-echarts';
