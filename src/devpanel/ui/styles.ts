/** Every class starts with `zrdp-`; the sheet lives in the panel's shadow root, so nothing leaks either way. */
export const PANEL_CSS = /* css */ `
:host { all: initial; }
.zrdp-root {
  --bg: #0d1117; --surface: #131922; --raised: #1a212c; --line: #2a323d; --text: #e6edf3; --muted: #8b96a3;
  --ok: #3fb950; --warn: #d6a230; --error: #f85149; --info: #58a6ff; --chaos: #e3b341;
  --stripe: repeating-linear-gradient(135deg, rgb(227 179 65 / .22) 0 6px, transparent 6px 12px);
  font: 12px/1.4 ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--text); -webkit-font-smoothing: antialiased; text-align: left;
}
.zrdp-root *, .zrdp-root *::before, .zrdp-root *::after { box-sizing: border-box; }
.zrdp-root button, .zrdp-root select { font: inherit; color: inherit; }
.zrdp-root :focus-visible { outline: 2px solid var(--info); outline-offset: 1px; }
.zrdp-num { font-variant-numeric: tabular-nums; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 11px; }
.zrdp-muted { color: var(--muted); }

.zrdp-toggle {
  position: fixed; z-index: 2147483001; display: inline-flex; align-items: center; gap: 6px;
  height: 28px; padding: 0 10px 0 9px; border-radius: 14px; cursor: pointer;
  border: 1px solid var(--line); background: #151b24; color: var(--text); font-weight: 600;
  box-shadow: 0 4px 14px rgb(0 0 0 / .35); --sev: var(--ok);
}
.zrdp-toggle[data-severity="warn"] { --sev: var(--warn); border-color: rgb(214 162 48 / .7); }
.zrdp-toggle[data-severity="error"] { --sev: var(--error); border-color: var(--error); background: #2b1416; }
.zrdp-toggle[data-chaos="on"] { background-image: var(--stripe); }
.zrdp-toggle:hover { filter: brightness(1.2); }
.zrdp-dot { width: 8px; height: 8px; border-radius: 50%; background: var(--sev); box-shadow: 0 0 0 3px rgb(0 0 0 / .25); }
.zrdp-toggle-flag { padding: 0 5px; border-radius: 8px; font-size: 10px; background: var(--sev); color: #111; }

[data-corner="bottom-right"] .zrdp-toggle { right: 12px; bottom: 12px; }
[data-corner="bottom-left"] .zrdp-toggle { left: 12px; bottom: 12px; }
[data-corner="top-right"] .zrdp-toggle { right: 12px; top: 12px; }
[data-corner="top-left"] .zrdp-toggle { left: 12px; top: 12px; }
[data-corner="bottom-right"] .zrdp-panel { right: 12px; bottom: 48px; }
[data-corner="bottom-left"] .zrdp-panel { left: 12px; bottom: 48px; }
[data-corner="top-right"] .zrdp-panel { right: 12px; top: 48px; }
[data-corner="top-left"] .zrdp-panel { left: 12px; top: 48px; }

.zrdp-panel {
  position: fixed; z-index: 2147483000; display: flex; flex-direction: column; overflow: hidden;
  width: min(var(--w), calc(100vw - 24px)); height: min(var(--h), calc(100vh - 64px));
  background: var(--bg); border: 1px solid var(--line); border-radius: 10px;
  box-shadow: 0 16px 48px rgb(0 0 0 / .55);
}
.zrdp-panel[data-size="small"] { --w: 760px; --h: 420px; }
.zrdp-panel[data-size="medium"] { --w: 1180px; --h: 640px; }
.zrdp-panel[data-size="large"] { --w: 1480px; --h: 92vh; }
.zrdp-panel:focus { outline: none; }
.zrdp-panel:focus-visible { outline: 2px solid var(--info); outline-offset: -2px; }

.zrdp-header {
  display: flex; align-items: center; gap: 10px; flex-wrap: wrap; padding: 8px 10px 8px 12px;
  background: var(--surface); border-bottom: 1px solid var(--line);
}
.zrdp-title { margin: 0; font-size: 13px; font-weight: 700; letter-spacing: .2px; }
.zrdp-summary { display: inline-flex; align-items: center; gap: 6px; color: var(--muted); --sev: var(--ok); }
.zrdp-summary[data-severity="warn"] { --sev: var(--warn); }
.zrdp-summary[data-severity="error"] { --sev: var(--error); color: #ffb3ad; }
.zrdp-spacer { flex: 1; }
.zrdp-group { display: inline-flex; align-items: center; gap: 6px; }

.zrdp-btn {
  display: inline-flex; align-items: center; gap: 4px; height: 22px; padding: 0 7px; cursor: pointer;
  border: 1px solid var(--line); border-radius: 5px; background: var(--raised); white-space: nowrap; font-size: 11px;
}
.zrdp-btn:hover { border-color: #4a5563; background: #222b38; }
.zrdp-btn[aria-pressed="true"] { background: var(--chaos); border-color: var(--chaos); color: #1b1405; font-weight: 600; }
.zrdp-btn-danger { color: #ffb3ad; }
.zrdp-btn-danger:hover { border-color: var(--error); }
.zrdp-btn-global[aria-pressed="true"] { background: var(--error); border-color: var(--error); color: #fff; }
.zrdp-btn-icon { width: 24px; justify-content: center; padding: 0; font-size: 14px; }
.zrdp-select { height: 22px; padding: 0 4px; border: 1px solid var(--line); border-radius: 5px; background: var(--raised); font-size: 11px; }

.zrdp-banner {
  display: flex; align-items: center; gap: 8px; padding: 5px 12px; font-weight: 600; color: #1b1405;
  background: var(--chaos) var(--stripe); border-bottom: 1px solid #9a7a2a;
}
.zrdp-body { flex: 1; overflow: auto; padding: 10px 12px 12px; display: flex; flex-direction: column; gap: 12px; }
.zrdp-body > * { flex-shrink: 0; }
.zrdp-body > .zrdp-timeline-section { flex: 1 0 240px; display: flex; flex-direction: column; }
.zrdp-section-title { margin: 0 0 6px; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .6px; color: var(--muted); }

.zrdp-metrics { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 8px; margin: 0; }
.zrdp-metric { padding: 6px 9px; border: 1px solid var(--line); border-radius: 7px; background: var(--surface); }
.zrdp-metric dt { color: var(--muted); font-size: 10.5px; }
.zrdp-metric dd { margin: 2px 0 0; font-size: 12px; font-weight: 600; white-space: nowrap; }

.zrdp-table { width: 100%; border-collapse: collapse; }
.zrdp-table caption { text-align: left; }
.zrdp-table th { text-align: left; font-weight: 600; font-size: 10.5px; color: var(--muted); padding: 4px 6px; border-bottom: 1px solid var(--line); white-space: nowrap; }
.zrdp-table td { padding: 5px 6px; border-bottom: 1px solid #1e252f; vertical-align: middle; }
.zrdp-table tbody tr:hover > * { background-color: #121822; }
.zrdp-table td.zrdp-clip { max-width: 200px; }
.zrdp-row[data-chaos="on"] > :first-child { background: var(--stripe); box-shadow: inset 3px 0 var(--chaos); }
.zrdp-table th.zrdp-name { font-weight: 600; font-size: 12px; color: var(--text); white-space: nowrap; padding: 5px 6px; border-bottom: 1px solid #1e252f; }
.zrdp-event .zrdp-name { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.zrdp-sub { display: block; font-size: 10.5px; color: var(--muted); white-space: nowrap; }
.zrdp-chaos-badge { display: inline-block; margin-top: 2px; padding: 0 5px; border-radius: 4px; font-size: 10px; font-weight: 700; background: var(--chaos); color: #1b1405; white-space: nowrap; }

.zrdp-status { font-weight: 600; white-space: nowrap; }
.zrdp-status[data-status="connected"] { color: var(--ok); }
.zrdp-status[data-status="connecting"], .zrdp-status[data-status="reconnecting"] { color: var(--warn); }
.zrdp-status[data-status="disconnected"] { color: var(--error); }
.zrdp-pill { display: inline-block; margin-left: 4px; padding: 0 5px; border-radius: 8px; font-size: 10px; font-weight: 600; border: 1px solid currentColor; }
.zrdp-pill-polling { color: var(--info); }
.zrdp-pill-paused { color: var(--muted); }
.zrdp-circuit { display: inline-block; min-width: 62px; padding: 0 6px; border-radius: 4px; font-weight: 700; font-size: 11px; text-align: center; }
.zrdp-circuit[data-state="closed"] { background: rgb(63 185 80 / .15); color: var(--ok); }
.zrdp-circuit[data-state="open"] { background: rgb(248 81 73 / .2); color: var(--error); }
.zrdp-circuit[data-state="half-open"] { background: rgb(214 162 48 / .2); color: var(--warn); }
.zrdp-quality[data-quality="excellent"] { color: var(--ok); }
.zrdp-quality[data-quality="good"] { color: #8fd18f; }
.zrdp-quality[data-quality="poor"] { color: var(--warn); }
.zrdp-quality[data-quality="disconnected"] { color: var(--muted); }
.zrdp-rtt { display: inline-flex; align-items: center; gap: 6px; white-space: nowrap; }
.zrdp-spark { display: block; color: var(--info); }
.zrdp-error { display: block; max-width: 200px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: #ffb3ad; }
.zrdp-error-code { font-weight: 700; margin-right: 4px; }
.zrdp-chaos { display: flex; flex-direction: column; gap: 3px; }
.zrdp-chaos-line { display: flex; gap: 3px; }
.zrdp-latency { display: inline-flex; gap: 2px; }

.zrdp-timeline-head { display: flex; align-items: center; gap: 6px; margin-bottom: 6px; }
.zrdp-timeline-head .zrdp-section-title { margin: 0; }
.zrdp-status-note { color: var(--ok); font-size: 11px; }
.zrdp-timeline { list-style: none; margin: 0; padding: 0; flex: 1 1 0; min-height: 0; overflow: auto; border: 1px solid var(--line); border-radius: 7px; background: var(--surface); }
.zrdp-event { display: grid; grid-template-columns: 86px 120px 52px minmax(170px, auto) 1fr; gap: 8px; align-items: baseline; padding: 3px 8px; border-bottom: 1px solid #1e252f; }
.zrdp-event:last-child { border-bottom: 0; }
.zrdp-kind { font-size: 10px; font-weight: 700; text-transform: uppercase; }
.zrdp-event[data-kind="state"] .zrdp-kind { color: var(--info); }
.zrdp-event[data-kind="circuit"] .zrdp-kind { color: var(--error); }
.zrdp-event[data-kind="chaos"] .zrdp-kind { color: var(--chaos); }
.zrdp-event[data-kind="chaos"] { background: rgb(227 179 65 / .06); }
.zrdp-event[data-kind="tabs"] .zrdp-kind { color: var(--info); }
.zrdp-tabs { display: block; padding: 4px 12px; font-size: 11px; color: var(--info); border-bottom: 1px solid var(--line); }
.zrdp-reason { color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.zrdp-empty { padding: 10px; color: var(--muted); }
.zrdp-pill-data-error { background: rgb(248 81 73 / .2); color: var(--error); }
.zrdp-frame { display: grid; grid-template-columns: auto auto minmax(90px, 1fr) auto minmax(120px, 3fr) auto; gap: 6px; align-items: baseline; padding: 2px 0; }
.zrdp-frame[data-verdict="rejected"], .zrdp-frame[data-verdict="dropped"] { box-shadow: inset 3px 0 var(--error); padding-left: 6px; }
.zrdp-frame-dir { white-space: nowrap; }
.zrdp-json { grid-column: 1 / -1; margin: 2px 0 6px; max-height: 240px; overflow: auto; white-space: pre-wrap; word-break: break-all; background: rgb(0 0 0 / .25); padding: 6px; border-radius: 4px; }
.zrdp-note { margin: 4px 0; color: var(--info); }
.zrdp-error-note { margin: 4px 0; color: #ffb3ad; }
`
