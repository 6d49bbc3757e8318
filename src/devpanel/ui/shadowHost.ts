/** The attribute of the element in `document.body` whose shadow root holds the panel. */
export const HOST_ATTRIBUTE = 'data-zustand-realtime-devpanel'

/**
 * The panel's (open) shadow root, for tests: Testing Library's `screen` does not look inside
 * shadow roots, so query it with `within(getDevPanelRoot() as unknown as HTMLElement)`.
 * Playwright's locators pierce it on their own.
 */
export const getDevPanelRoot = (doc: Document = document): ShadowRoot | null =>
  doc.querySelector(`[${HOST_ATTRIBUTE}]`)?.shadowRoot ?? null
