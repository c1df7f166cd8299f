/**
 * The only place ECharts modules are registered: import from here, never from 'echarts'
 * (the full bundle is twice the size). Add MapChart etc. here when a page needs them.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendPlainComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, LegendPlainComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export { default as VChart } from 'vue-echarts';
