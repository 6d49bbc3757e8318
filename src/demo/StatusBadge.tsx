import { badgeTone, type BadgeLabel } from './badge'

interface StatusBadgeProps {
  label: BadgeLabel
  testId?: string
}

/** A pill with a coloured dot; its text is exactly the label (tests read it). */
export function StatusBadge({ label, testId }: StatusBadgeProps) {
  return (
    <span className={`badge ${badgeTone(label)}`} data-testid={testId} role="status" aria-label={`connection ${label}`}>
      {label}
    </span>
  )
}
