#!/usr/bin/env bash
# The MicroRaft bug hunt: many no-shrink fuzz campaigns, each with its own seed and knob mix, at the lowest CPU
# priority, until a schedule budget or a wall-clock deadline is reached; then a tally of what they found.
#
#   scripts/hunt-microraft.sh JAR OUTROOT [SCHEDULES_TOTAL [PER_CAMPAIGN [FIRST_SEED [UNTIL [THREADS]]]]]
#   scripts/hunt-microraft.sh --tally OUTROOT      # only rewrite OUTROOT/TALLY.md from the campaigns there
#
# HUNT_JAVA_OPTS: JVM options for each campaign (default -XX:+UseParallelGC).
# JAR: a copied raftsim.jar (so rebuilds do not disturb the hunt); OUTROOT: campaigns go to OUTROOT/c<seed>/;
# UNTIL: a UTC time HH:MM after which no campaign starts and the running one is interrupted (fuzz then writes its
# summary for the schedules it completed). Every campaign runs swarm faults (which also draw MicroRaft's RaftConfig
# per schedule), --no-shrink --max-failures 0 --reports 0: every counterexample is written, no report is rendered
# (`raftsim replay FILE --report DIR` renders one later). The knob mix of campaign k is a fixed function of k.
set -euo pipefail

tally() {
  python3 - "$1" <<'PY'
import json, os, re, sys
root = sys.argv[1]
camps, sigs, total, fails = [], {}, 0, 0
def sig(inv, msg):
    m = msg
    for _ in range(4):
        m = re.sub(r'\([^()]*\)', '\u2039\u203a', m)  # innermost parentheses first, nested ones next round
    m = m.replace('\u2039\u203a', '(…)')
    m = re.sub(r'"[^"]*"', '"…"', m)
    m = re.sub(r'\b(key|lets) [a-z]+\b', r'\1 K', m)
    m = re.sub(r'\b(get|put|append) [a-z]+(=\S*)?', r'\1 K', m)
    m = re.sub(r'\[(n\d+(, )?)+\]', '[nodes]', m)
    m = re.sub(r'\d+', 'N', m)
    return inv + ': ' + (m if len(m) <= 150 else m[:147] + '...')
# The classes docs/findings/microraft.md names (its numbers), so that a new class stands out in the tally.
KNOWN = [(r'Not enough capacity', '2'), (r'since already TERMINATED|never caught up|on termination', '3'),
         (r'^LeaderElectedByQuorum', '4?'), (r'^LogMatching', '5?'), (r'would loop forever', '6'),
         (r'is smaller than current commit index', '7'), (r'Entry not found on log index', '8'),
         (r'installGroupMembers', '9'), (r'demoteToNonVotingMember', '10'),
         (r'sent to process -N|requestMissingSnapshotChunks', '11'), (r'handleUnresponsiveEndpoint', '12'),
         (r'was not committed by .* no newer leader|configuration change .* did not complete', '13?'),
         (r'QueryState.tryAck', '14'), (r'no leader for N.N ms after faults stopped', '15?'),
         (r'^ElectionSafety|^LeaderCompleteness', '16?'), (r'LeaderState.getFollowerState', '17'),
         (r'at an unknown place', '18 (untriaged)'),
         (r'^Linearizability: .*stale read', '1? (if lease reads)')]
def known(k):
    for pat, name in KNOWN:
        if re.search(pat, k):
            return name
    return '**new**'

for d in sorted(os.listdir(root)):
    p = os.path.join(root, d)
    if not d.startswith('c') or not os.path.isfile(os.path.join(p, 'summary.json')):
        continue
    s = json.load(open(os.path.join(p, 'summary.json')))
    cmd = open(os.path.join(p, 'command.txt')).read().strip() if os.path.exists(os.path.join(p, 'command.txt')) else '?'
    byinv, n = {}, s['schedules']
    lines = []
    if os.path.exists(os.path.join(p, 'failures.jsonl')):
        lines = [json.loads(l) for l in open(os.path.join(p, 'failures.jsonl')) if l.strip()]
    for f in lines:
        byinv[f['invariant']] = byinv.get(f['invariant'], 0) + 1
        k = sig(f['invariant'], f['message'])
        e = sigs.setdefault(k, [0, os.path.join(p, f['counterexample'])])
        e[0] += 1
    total += n
    fails += len(lines)
    camps.append((d, cmd, n, s['requestedSchedules'], len(lines), byinv, s.get('interrupted'), s['schedulesPerSecond']))
out = ['# MicroRaft hunt tally', '',
       f'**{total:,} schedules** in {len(camps)} campaigns, **{fails:,} failures** '
       f'(written by scripts/hunt-microraft.sh --tally; the jar and commit are in each command).', '',
       '## Campaigns', '', '| campaign | schedules | failures | by invariant | schedules/s | command |', '|---|---|---|---|---|---|']
for d, cmd, n, req, nf, byinv, intr, sps in camps:
    inv = ', '.join(f'{k} {v}' for k, v in sorted(byinv.items(), key=lambda kv: -kv[1]))
    out.append(f'| {d} | {n:,}{" of " + format(req, ",") + " (interrupted)" if intr else ""} | {nf} | {inv} | {sps:.1f} | `{cmd}` |')
out += ['', '## Failures by signature (invariant + message, numbers and parenthesised details stripped)', '',
        'Finding: the number in docs/findings/microraft.md (its numbering after helper mt\'s triage) the class looks '
        'like, by its message only ("?" where the message alone cannot tell; the findings doc says which were '
        'replayed), or **new**.', '',
        '| count | signature | finding | one failure |', '|---|---|---|---|']
for k, (c, ex) in sorted(sigs.items(), key=lambda kv: -kv[1][0]):
    out.append(f'| {c} | {k.replace("|", "/")} | {known(k)} | {ex} |')
notes = os.path.join(root, 'NOTES.md')  # hand-written notes on classes (e.g. a shrunk instance), kept at the end
if os.path.exists(notes):
    out += ['', open(notes).read().rstrip()]
tmp = os.path.join(root, '.TALLY.md.tmp')
open(tmp, 'w').write('\n'.join(out) + '\n')
os.replace(tmp, os.path.join(root, 'TALLY.md'))
print(f'{total} schedules, {fails} failures in {len(camps)} campaigns')
PY
}

if [[ "${1:-}" == "--tally" ]]; then
  tally "${2:?OUTROOT}"
  exit 0
fi

jar=${1:?JAR}; root=${2:?OUTROOT}; budget=${3:-100000}; per=${4:-3000}; seed=${5:-1000}; until=${6:-}; threads=${7:-2}
mkdir -p "$root"
pick() { # pick K LIST...: element (k * prime_K) mod len of LIST, a fixed spread over the campaign index
  local k=$1; shift; local arr=("$@"); echo "${arr[$(( (camp * k + camp / ${#arr[@]}) % ${#arr[@]} ))]}"
}
done_total=0
for d in "$root"/c*/summary.json; do
  [[ -f "$d" ]] && done_total=$(( done_total + $(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['schedules'])" "$d") ))
done
camp=0
missing=0
while (( done_total < budget )); do
  s=$(( seed + camp ))
  out="$root/c$s"
  if [[ -e "$out" ]]; then camp=$((camp + 1)); continue; fi
  limit=""
  if [[ -n "$until" ]]; then
    left=$(( $(date -u -d "today $until" +%s) - $(date -u +%s) ))
    (( left > 30 )) || break
    limit="timeout -s INT -k 60 $left"
  fi
  knobs=(--nodes "$(pick 1 3 5)" --time "$(pick 7 10s 5s)" --clients "$(pick 5 3 1 5 2 4)")
  sp=$(pick 3 swarm 0 1 2); [[ $sp == swarm ]] || knobs+=(--spares "$sp")
  rc=$(pick 11 swarm 0 0.5 2); [[ $rc == swarm ]] || knobs+=(--reconfig "$rc")
  if [[ $rc == 0.5 || $rc == 2 ]]; then # the mix and the nemesis share need an explicit rate
    knobs+=(--reconfig-mix "$(pick 13 balanced single transfer)" --reconfig-nemesis "$(pick 17 0 30)")
  fi
  # ParallelGC: about a tenth less CPU than the default G1 for these short-lived, allocation-heavy schedules.
  cmd=(java ${HUNT_JAVA_OPTS:--XX:+UseParallelGC} -jar "$jar" fuzz --impl microraft --faults swarm --no-shrink --max-failures 0 --reports 0
       --threads "$threads" --schedules "$per" --seed "$s" "${knobs[@]}" --out "$out")
  echo "$(date -u +%H:%M:%S) campaign $s: ${cmd[*]}"
  set +e
  $limit nice -n 19 "${cmd[@]}" > "$root/c$s.log" 2>&1
  code=$?
  set -e
  if [[ -f "$out/summary.json" ]]; then
    echo "${cmd[*]}" > "$out/command.txt"
    n=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['schedules'])" "$out/summary.json")
    done_total=$(( done_total + n ))
    echo "$(date -u +%H:%M:%S) campaign $s: exit $code, $n schedules; total $done_total"
    tally "$root"
  else
    echo "$(date -u +%H:%M:%S) campaign $s: exit $code and no summary (see $root/c$s.log)"
    (( code == 2 )) && exit 2
    missing=$((missing + 1))
    (( missing < 3 )) || { echo "three campaigns without a summary: stopping"; break; }
  fi
  camp=$((camp + 1))
done
tally "$root"
