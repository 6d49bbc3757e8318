"""Fixed names the demo world draws from (the same as server/world/catalog.ts)."""

PHASES = ["plan", "build", "test", "review", "document", "ship"]

STEPS = {
    "plan": ["Reading issue", "Drafting plan", "Reviewing plan"],
    "build": ["Creating branch", "Implementing changes", "Running formatter"],
    "test": ["Running unit tests", "Running E2E tests", "Fixing failures"],
    "review": ["Reviewing diff", "Capturing screenshots"],
    "document": ["Writing docs", "Updating changelog"],
    "ship": ["Opening pull request", "Merging"],
}

WORKFLOWS = [
    {"id": "adw_sdlc", "name": "Full SDLC", "description": "Plan, build, test, review, document and ship an issue", "phases": PHASES},
    {"id": "adw_plan_build", "name": "Plan + Build", "description": "Plan an issue and implement it", "phases": ["plan", "build"]},
    {"id": "adw_plan_build_test", "name": "Plan + Build + Test", "description": "Implement an issue and make the tests pass", "phases": ["plan", "build", "test"]},
    {"id": "adw_patch", "name": "Patch", "description": "Small fix straight to a pull request", "phases": ["build", "test", "ship"]},
    {"id": "adw_document", "name": "Document", "description": "Write the docs for a merged change", "phases": ["document", "ship"]},
]

ISSUE_TITLES = [
    "Add dark mode toggle", "Fix flaky login test", "Paginate the audit log", "Cache GitHub API responses",
    "Retry webhook deliveries", "Show cost per workflow run", "Export history as CSV", "Rate-limit the public API",
    "Upgrade to React 19", "Keyboard shortcuts for the queue", "Fix timezone in run durations", "Add Slack notifications",
    "Speed up cold start", "Search in planned features", "Archive old workflow runs", "Stream agent logs live",
]

FEATURE_TITLES = [
    "Multi-repo support", "Cost budgets per team", "Run replays", "Approval gates before ship", "Self-hosted runners",
    "Issue templates for agents", "Weekly digest email", "Parallel test sharding", "Fine-grained API tokens",
    "Incident timeline view", "Custom workflow builder", "Mobile dashboard",
]

ROUTES = [
    ("GET", "/api/v1/queue", "queue.list", "Current work queue", 120),
    ("POST", "/api/v1/queue", "queue.enqueue", "Enqueue an issue", 8),
    ("GET", "/api/v1/adw-monitor", "adw.monitor", "Running ADW workflows", 90),
    ("POST", "/api/v1/adw/:id/cancel", "adw.cancel", "Cancel a run", 1),
    ("GET", "/api/v1/workflows", "workflows.list", "Workflow catalogue", 30),
    ("PUT", "/api/v1/workflows/:id", "workflows.update", "Enable or disable a workflow", 2),
    ("GET", "/api/v1/workflow-history", "history.list", "Finished runs", 45),
    ("DELETE", "/api/v1/workflow-history/:id", "history.delete", "Forget a run", 1),
    ("POST", "/webhooks/github", "webhooks.github", "GitHub events", 60),
    ("WS", "/api/v1/ws/:feed", "realtime.feed", "Live dashboard feeds", 16),
]

SERVICES = [("api", 35), ("database", 8), ("redis", 2), ("github", 180), ("agent-runner", 95), ("websocket-gateway", 12)]

WEBHOOKS = [
    ("wh-github-issues", "github", "issues.opened"),
    ("wh-github-pr", "github", "pull_request.closed"),
    ("wh-github-checks", "github", "check_suite.completed"),
    ("wh-slack-commands", "slack", "slash_command"),
    ("wh-linear-issues", "linear", "Issue.create"),
    ("wh-stripe-invoices", "stripe", "invoice.paid"),
]

FEED_NAMES = ["queue", "adw-monitor", "workflows", "routes", "workflow-history", "planned-features", "system-status", "webhook-status"]
