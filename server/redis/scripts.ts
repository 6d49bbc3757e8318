/**
 * Lua run inside Redis, so the parts of one step cannot be seen apart: a frame's `seq`, the
 * snapshot and the history entry always agree, and the PUBLISH goes out in seq order.
 */

/** KEYS seq, snapshot, history; ARGV type, data JSON, channel, history length, publishedAt. Returns the new seq. */
export const PUBLISH_SCRIPT = `
local seq = redis.call('INCR', KEYS[1])
local frame = '{"type":' .. cjson.encode(ARGV[1]) .. ',"seq":' .. seq .. ',"publishedAt":' .. ARGV[5] .. ',"data":' .. ARGV[2] .. '}'
redis.call('SET', KEYS[2], frame)
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], seq .. '-0', 'frame', frame)
redis.call('PUBLISH', ARGV[3], frame)
return seq
`

/**
 * KEYS seq, snapshot; ARGV our seq, our frame. Fills an empty topic (first start, or a Redis that
 * restarted without its data) with what this instance last knew, never lowering a seq already
 * there. Returns the snapshot now in Redis.
 */
export const SEED_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
local ours = tonumber(ARGV[1])
if redis.call('EXISTS', KEYS[2]) == 0 or ours > current then
  redis.call('SET', KEYS[1], ours)
  redis.call('SET', KEYS[2], ARGV[2])
end
return redis.call('GET', KEYS[2])
`

/** KEYS lock; ARGV owner, ttl ms. Takes a free lock or extends our own; 1 = we hold it. */
export const LOCK_SCRIPT = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`

/** KEYS lock; ARGV owner. Frees the lock only if we hold it (a quick hand-over on shutdown). */
export const UNLOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`
