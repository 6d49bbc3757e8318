import { fieldOf, openProbe, typeOf, type Probe } from '../probe'
import type { CheckContext, RowId, RowResult } from '../types'
import { messageTypeOf, pass, fail, listOf } from './shared'

/** A snapshot sent on connect arrives at once; an update that happens to come first would not be "first" by design. */
const SNAPSHOT_WAIT_MS = 2000
const UPDATE_TYPE = /^[a-z0-9]+(_[a-z0-9]+)*_update$/

const seqProblem = (endpoint: string, probe: Probe): string | null => {
  const own = probe.frames.filter((frame) => typeOf(frame.value) === messageTypeOf(endpoint))
  const seqs = own.map((frame) => fieldOf(frame.value, 'seq'))
  if (seqs.length === 0) return null
  const isSeq = (seq: unknown): seq is number => typeof seq === 'number' && Number.isInteger(seq) && seq >= 0
  const bad = seqs.findIndex((seq) => !isSeq(seq))
  if (bad >= 0) return `${endpoint}: seq ${JSON.stringify(seqs[bad]) ?? 'missing'} is not a non-negative integer`
  const numbers = seqs.filter(isSeq)
  for (let index = 1; index < numbers.length; index += 1) {
    const previous = numbers[index - 1] ?? 0
    if (numbers[index] !== previous + 1) return `${endpoint}: seq ${previous} then ${numbers[index]}`
  }
  return null
}

/** Opens every endpoint at once, watches them for `observeMs`: endpoints, snapshot, naming, seq, scoping. */
export const checkConnect = async (context: CheckContext): Promise<Partial<Record<RowId, RowResult>>> => {
  const { endpoints, timeoutMs } = context
  const probes = endpoints.map((endpoint) => ({ endpoint, probe: openProbe(context.socketUrl(endpoint)) }))
  try {
    const opened = await Promise.all(probes.map(({ probe }) => probe.opened(timeoutMs)))
    const failed = probes.filter((_, index) => !opened[index])
    const endpointsRow = failed.length === 0
      ? pass(`${probes.length}/${probes.length} opened: ${endpoints.join(', ')}`)
      : fail(`did not open: ${failed.map(({ endpoint, probe }) => `${endpoint} (close ${probe.closeInfo()?.code ?? 'none'})`).join(', ')}`)

    const firsts = await Promise.all(probes.map(({ probe }) => probe.nextFrame(() => true, SNAPSHOT_WAIT_MS)))
    const snapshotProblems = probes.flatMap(({ endpoint, probe }, index) => {
      const first = firsts[index]
      if (first === null || first === undefined) return [`${endpoint}: no frame within ${SNAPSHOT_WAIT_MS} ms`]
      const type = typeOf(first.value)
      if (type !== messageTypeOf(endpoint)) return [`${endpoint}: first frame ${type ?? first.text.slice(0, 40)}`]
      if (fieldOf(first.value, 'data') === undefined) return [`${endpoint}: first frame has no data`]
      const delay = first.at - (probe.openedAt ?? first.at)
      return delay > SNAPSHOT_WAIT_MS ? [`${endpoint}: first frame ${delay} ms after open`] : []
    })

    await new Promise((resolve) => setTimeout(resolve, context.options.observeMs ?? 3000))
    const all = probes.flatMap(({ endpoint, probe }) => probe.frames.map((frame) => ({ endpoint, frame })))
    const untyped = all.filter(({ frame }) => typeOf(frame.value) === undefined)
    const misnamed = all.filter(({ frame }) => {
      const type = typeOf(frame.value)
      return type !== undefined && type.endsWith('_update') && !UPDATE_TYPE.test(type)
    })
    const foreign = all.filter(({ endpoint, frame }) => {
      const type = typeOf(frame.value)
      return type !== undefined && type.endsWith('_update') && type !== messageTypeOf(endpoint)
    })
    const seqProblems = probes.map(({ endpoint, probe }) => seqProblem(endpoint, probe)).filter((problem) => problem !== null)
    const ownFrames = all.filter(({ endpoint, frame }) => typeOf(frame.value) === messageTypeOf(endpoint))
    const withoutSeq = ownFrames.filter(({ frame }) => fieldOf(frame.value, 'seq') === undefined)
    const types = [...new Set(all.map(({ frame }) => typeOf(frame.value) ?? '(none)'))]

    return {
      endpoints: endpointsRow,
      'snapshot-first': snapshotProblems.length === 0
        ? pass(`${probes.length} snapshots, each the first frame of its socket`)
        : fail(listOf(snapshotProblems)),
      'type-naming': untyped.length === 0 && misnamed.length === 0
        ? pass(`${all.length} frames, types: ${listOf(types)}`)
        : fail(listOf([...untyped.map(({ endpoint, frame }) => `${endpoint}: ${frame.text.slice(0, 40)}`), ...misnamed.map(({ endpoint, frame }) => `${endpoint}: ${typeOf(frame.value)}`)])),
      seq: ownFrames.length === 0
        ? fail('no frame of any feed arrived')
        : withoutSeq.length > 0
          ? fail(`${withoutSeq.length} of ${ownFrames.length} frames have no seq`)
          : seqProblems.length === 0
            ? pass(`${ownFrames.length} frames, seq +1 per update on every feed`)
            : fail(listOf(seqProblems)),
      'topic-scoping': foreign.length === 0
        ? pass(`${all.length} frames over ${probes.length} sockets in ${context.options.observeMs ?? 3000} ms, none of another feed`)
        : fail(`${foreign.length} of ${all.length} frames were another feed's: ${listOf([...new Set(foreign.map(({ endpoint, frame }) => `${typeOf(frame.value)} on ${endpoint}`))])}`),
    }
  } finally {
    await Promise.all(probes.map(({ probe }) => probe.close()))
  }
}
