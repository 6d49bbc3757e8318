import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { History, Line } from './history'

export interface ChartSpec {
  id: string
  title: string
  unit: string
  lines: readonly (Line & { color: string })[]
}

/** A small uPlot time series per spec, fed from the shared history. */
export class Charts {
  private readonly plots: { spec: ChartSpec; plot: uPlot }[] = []

  constructor(container: HTMLElement, specs: readonly ChartSpec[], history: History) {
    for (const spec of specs) {
      const box = document.createElement('figure')
      box.className = 'chart'
      box.dataset.testid = `chart-${spec.id}`
      const caption = document.createElement('figcaption')
      caption.textContent = `${spec.title} (${spec.unit})`
      box.append(caption)
      container.append(box)
      const plot = new uPlot({
        width: 360,
        height: 160,
        legend: { show: true },
        scales: { x: { time: true } },
        series: [{}, ...spec.lines.map((line) => ({ label: line.label, stroke: line.color, width: 1.5, spanGaps: false }))],
        axes: [{}, { size: 50 }],
      }, history.columns(spec.lines), box)
      this.plots.push({ spec, plot })
    }
  }

  update(history: History): void {
    for (const { spec, plot } of this.plots) plot.setData(history.columns(spec.lines))
  }

  destroy(): void {
    for (const { plot } of this.plots.splice(0)) plot.destroy()
  }
}
