# SPDX-License-Identifier: ISC
# tests/lib/common.sh -- sourced (bash) by every tests/blackbox/t_*.sh.
#
#   . "$(dirname "$0")/../lib/common.sh"
#
# On load the script re-executes itself inside `unshare -n -m` (private
# network and mount namespaces, lo brought up), so every script has its own
# loopback: fixed addresses/ports never collide with other scripts, other
# worktrees or the host, and nothing can leave the machine.  Set
# RBLTEST_NO_UNSHARE=1 to stay in the host namespaces (start_syslog then
# refuses to run).  See tests/lib/README for the full API.
#
# Variables set here:
#   TOP BUILD             repo root, build dir name (default "build")
#   RBLSMTPD_BIN RBLCHECK_BIN RBLSTAT_BIN   $TOP/$BUILD/<prog>
#       (never name a variable RBLSMTPD: that is the program's own env var)
#   REF_RBLSMTPD          Debian's /usr/bin/rblsmtpd (reference behaviour)
#   TESTDIR               private scratch dir, removed at exit
#                         (kept when RBLTEST_KEEP=1)
#   TESTDATA FAULTDNS DNSPROBE PY

# ---------------------------------------------------------------- namespaces
if [ -z "${RBLTEST_NS:-}" ]; then
	if [ "${RBLTEST_NO_UNSHARE:-0}" != 1 ] && [ -f "$0" ] &&
	   unshare -n -m --propagation private true 2>/dev/null; then
		export RBLTEST_NS=private
		exec unshare -n -m --propagation private -- bash "$0" "$@"
	fi
	export RBLTEST_NS=host
	echo "# note: running in the host network namespace (no unshare)"
fi
if [ "$RBLTEST_NS" = private ]; then
	ip link set lo up || { echo "not ok - cannot bring up lo in the netns"; exit 1; }
fi

# ---------------------------------------------------------------- paths
: "${TOP:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${BUILD:=build}"
export TOP BUILD
RBLSMTPD_BIN=$TOP/$BUILD/rblsmtpd
RBLCHECK_BIN=$TOP/$BUILD/rblcheck
RBLSTAT_BIN=$TOP/$BUILD/rblstat
REF_RBLSMTPD=/usr/bin/rblsmtpd
PY=/usr/bin/python3
TESTLIB=$TOP/tests/lib
TESTDATA=$TOP/tests/data
FAULTDNS=$TOP/tests/dns/faultdns.py
DNSPROBE=$TOP/tests/dns/dnsprobe.py
RBLTEST_CACHE=${RBLTEST_CACHE:-/var/cache/rblsmtpd-tests}
RUN_TIMEOUT=${RUN_TIMEOUT:-30}
TESTNAME=$(basename "$0" .sh)
TESTDIR=$(mktemp -d "${TMPDIR:-/tmp}/rbltest.$TESTNAME.XXXXXX") ||
	{ echo "not ok - mktemp"; exit 1; }
mkdir -p "$TESTDIR/run"          # pidfiles of everything we start

# ---------------------------------------------------------------- results
_rt_pass=0 _rt_fail=0 _rt_atexit=()

ok() { _rt_pass=$((_rt_pass + 1)); echo "ok - $1"; }

# not_ok NAME [DETAIL...]: each DETAIL printed as "# " lines
not_ok() {
	_rt_fail=$((_rt_fail + 1)); echo "not ok - $1"; shift
	local d
	for d in "$@"; do printf '%s\n' "$d" | sed 's/^/#   /'; done
	return 1
}

skip() { echo "ok - $1 # SKIP ${2:-}"; }

# check_eq NAME GOT WANT: unified diff (want -> got) on failure
check_eq() {
	if [ "$2" == "$3" ]; then ok "$1"; return 0; fi
	not_ok "$1"
	diff -u --label want --label got <(printf '%s\n' "$3") <(printf '%s\n' "$2") |
		cat -v | sed 's/^/#   /'
	return 1
}

# check_file_eq NAME GOTFILE WANTFILE
check_file_eq() {
	if cmp -s "$2" "$3"; then ok "$1"; return 0; fi
	not_ok "$1"
	diff -u --text --label "want $3" --label "got $2" "$3" "$2" 2>&1 |
		head -n 200 | cat -v | sed 's/^/#   /'
	return 1
}

# check_match NAME GOT ERE: GOT (any line) matches the extended regex
check_match() {
	# grep would take a multi-line pattern as "any of these lines": refuse it
	case $3 in *$'\n'*) not_ok "$1" "check_match takes a one-line pattern"; return 1;; esac
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then ok "$1"; return 0; fi
	not_ok "$1" "no line matches /$3/ in:" "$2"
}

# check_rc NAME GOT WANT (exit codes)
check_rc() {
	[ "$2" = "$3" ] && { ok "$1"; return 0; }
	not_ok "$1" "exit status $2, want $3"
}

# at_exit 'shell command': run at exit, before servers are stopped
at_exit() { _rt_atexit+=("$1"); }

# bail REASON: a setup step failed; stop the script (counts as a failure)
bail() { not_ok "setup: $*"; exit 1; }

_rt_kill_pidfile() {
	local f=$1 pid i
	pid=$(cat "$f" 2>/dev/null) || return 0
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || { rm -f "$f"; return 0; }
	for i in $(seq 40); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$pid" 2>/dev/null
	rm -f "$f"
}

_rt_cleanup() {
	local rc=$? c f
	trap - EXIT INT TERM HUP
	trap '' PIPE      # stdout may be gone (| head); clean up regardless
	for c in "${_rt_atexit[@]}"; do eval "$c"; done
	for f in "$TESTDIR"/run/*.pid; do [ -e "$f" ] && _rt_kill_pidfile "$f"; done
	echo "# $TESTNAME: $_rt_pass ok, $_rt_fail not ok"
	if [ "${RBLTEST_KEEP:-0}" = 1 ]; then
		echo "# kept $TESTDIR"
	else
		rm -rf --one-file-system "$TESTDIR"
	fi
	[ "$rc" -eq 0 ] && [ "$_rt_fail" -gt 0 ] && rc=1
	exit "$rc"
}
trap _rt_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
trap 'exit 141' PIPE   # a handler, not '': children must keep default SIGPIPE

# ---------------------------------------------------------------- waiting
_rt_now_ms() { echo $(($(date +%s%N) / 1000000)); }

# wait_for SECONDS CMD...: poll CMD every 50 ms until it succeeds
wait_for() {
	local end
	end=$(($(_rt_now_ms) + $(awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }')))
	shift
	while ! "$@"; do
		[ "$(_rt_now_ms)" -ge "$end" ] && return 1
		sleep 0.05
	done
}

_rt_nlines() { [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; }

# wait_log_lines FILE N [SECONDS=5]: until FILE has at least N lines
wait_log_lines() { wait_for "${3:-5}" _rt_nlines "$1" "$2"; }

# wait_grep FILE ERE [SECONDS=5]: until a line of FILE matches ERE
wait_grep() { wait_for "${3:-5}" grep -Eqs -- "$2" "$1"; }

# ---------------------------------------------------------------- DNS
# dns_ask SERVER[:PORT] NAME [QTYPE] [-t]: print the answer (dnsprobe.py)
dns_ask() {
	local tcp=
	[ "${4:-}" = -t ] && tcp=-t
	"$PY" "$DNSPROBE" $tcp -w 2 "$1" "$2" "${3:-A}"
}

_rt_dns_up() { "$PY" "$DNSPROBE" -w 0.3 "$1" "$2" A >/dev/null 2>&1; }

# start_faultdns TAG RULEFILE ADDR...: one more faultdns.py instance
#   ADDR: 127.0.53.3  [::1]:5354  127.0.53.3:5300 (port 53 by default)
#   query log: $TESTDIR/faultdns-TAG.qlog ; pid: $TESTDIR/run/faultdns-TAG.pid
#   sets FAULTDNS_LAST_QUERYLOG.  SIGHUP (faultdns_reload TAG) rereads rules.
start_faultdns() {
	local tag=$1 rules=$2 a; shift 2
	local args=() qlog=$TESTDIR/faultdns-$tag.qlog
	for a in "$@"; do args+=(-b "$a"); done
	: >"$qlog"
	"$PY" "$FAULTDNS" -l "$qlog" -P "$TESTDIR/faultdns-$tag.ownpid" "${args[@]}" \
		"$rules" >"$TESTDIR/faultdns-$tag.log" 2>&1 </dev/null &
	echo $! >"$TESTDIR/run/faultdns-$tag.pid"
	local first=$1
	case $first in *:*:*|\[*) ;; *:*) ;; *) first=$first:53 ;; esac
	if ! wait_for 5 _rt_dns_up "$first" probe.faultdns.invalid; then
		cat "$TESTDIR/faultdns-$tag.log" | sed 's/^/#   /'
		bail "faultdns $tag did not answer on $first"
	fi
	FAULTDNS_LAST_QUERYLOG=$qlog
}

faultdns_reload() { kill -HUP "$(cat "$TESTDIR/run/faultdns-$1.pid")"; sleep 0.1; }

# start_dns: rbldnsd + faultdns.py, once per script.  Exports
#   RBLDNS_IP=127.0.53.1 (port 53; also [::1]:5300 = RBLDNS_IP6/RBLDNS_IP6_PORT)
#   RBLDNS_QUERYLOG  "<epoch-s> <client> <qname> <qtype> IN: <rcode>/<an>/<len>"
#       rbldnsd's stdout (-l +-; a -l FILE never appeared with Debian's
#       build): also has "rbldnsd: ..." status lines; queries = lines
#       starting with a digit.  Its stderr: $TESTDIR/rbldnsd.log
#   FAULTDNS_IP=127.0.53.2 (port 53 and 5353), FAULTDNS_IP6=::1 (53 and 5353)
#   FAULTDNS_ALT_PORT=5353, FAULTDNS_QUERYLOG
#   DEAD_DNS_IP=127.0.53.9 (nothing listens: ICMP port unreachable)
# and, in the private namespace, bind-mounts a resolv.conf naming only
# 127.0.53.1 over /etc/resolv.conf (use_resolv_conf to change it).
start_dns() {
	[ -n "${_rt_dns_started:-}" ] && return 0
	export RBLDNS_IP=127.0.53.1 RBLDNS_IP6=::1 RBLDNS_IP6_PORT=5300
	export FAULTDNS_IP=127.0.53.2 FAULTDNS_IP6=::1 FAULTDNS_ALT_PORT=5353
	export DEAD_DNS_IP=127.0.53.9
	export RBLDNS_QUERYLOG=$TESTDIR/rbldnsd.qlog
	local zones
	zones=$(grep -v -e '^#' -e '^[[:space:]]*$' "$TESTDATA/zones.list") ||
		bail "no $TESTDATA/zones.list"
	# -n: stay in the foreground; as root without -u it keeps running as root
	# (fine: only loopback, private netns)
	/usr/sbin/rbldnsd -n -b "$RBLDNS_IP/53" -b "$RBLDNS_IP6/$RBLDNS_IP6_PORT" \
		-w "$TESTDATA" -l +- -c 1h $zones \
		>"$RBLDNS_QUERYLOG" 2>"$TESTDIR/rbldnsd.log" </dev/null &
	echo $! >"$TESTDIR/run/rbldnsd.pid"
	if ! wait_for 5 _rt_dns_up "$RBLDNS_IP" 2.0.0.127.test.rbl; then
		sed 's/^/#   /' "$TESTDIR/rbldnsd.log"
		bail "rbldnsd did not answer on $RBLDNS_IP"
	fi
	start_faultdns main "$TESTDATA/faultdns.rules" "$FAULTDNS_IP" "[::1]:53" \
		"$FAULTDNS_IP:$FAULTDNS_ALT_PORT" "[::1]:$FAULTDNS_ALT_PORT"
	export FAULTDNS_QUERYLOG=$FAULTDNS_LAST_QUERYLOG
	if [ "$RBLTEST_NS" = private ]; then
		echo "nameserver $RBLDNS_IP" >"$TESTDIR/resolv.conf.default"
		use_resolv_conf "$TESTDIR/resolv.conf.default"
	fi
	_rt_dns_started=1
}

# use_resolv_conf FILE: bind-mount FILE over /etc/resolv.conf (private ns)
use_resolv_conf() {
	[ "$RBLTEST_NS" = private ] || { echo "# use_resolv_conf: not in a private namespace"; return 1; }
	# already ours: only replace the content (a second bind mount would make
	# resolv.conf.cur a mount point, and the cleanup could not remove it)
	if [ -n "${_rt_resolv_bound:-}" ]; then cat "$1" >"$TESTDIR/resolv.conf.cur"; return; fi
	cp "$1" "$TESTDIR/resolv.conf.cur" &&
	mount --bind "$TESTDIR/resolv.conf.cur" /etc/resolv.conf && _rt_resolv_bound=1
}

# Query-log helpers (default log: $FAULTDNS_QUERYLOG).  Lines are
#   <epoch-ms> <qname> <qtype> <udp|tcp> <client#port> <rule>
# qlog_mark [LOG]          remember the current end of the log
# qlog_since [LOG]         "qname qtype transport" of every query since the
#                          mark (waits QLOG_SETTLE=0.2 s first for stragglers)
# qlog_since_raw [LOG]     the same, full lines
qlog_mark() { _rt_qmark=$(wc -l <"${1:-$FAULTDNS_QUERYLOG}"); }
qlog_since_raw() {
	sleep "${QLOG_SETTLE:-0.2}"
	tail -n +"$((${_rt_qmark:-0} + 1))" "${1:-$FAULTDNS_QUERYLOG}"
}
qlog_since() { qlog_since_raw "$@" | awk '{print $2, $3, $4}'; }

# ---------------------------------------------------------------- running
# run_cmd [OPTS] [VAR=value...] [--] CMD [ARG...]
#   runs CMD under `env -i PATH=$PATH VAR=value...` (like rts.sh's `env -`)
#   OPTS: -i STRING  stdin = printf '%b' STRING (so \r \n \t \000 \xNN work)
#         -f FILE    stdin from FILE
#         -c SHCMD   stdin = output of `sh -c SHCMD` (e.g. 'sleep 2')
#         -t SECS    time limit (default $RUN_TIMEOUT=30); 124 = timed out
#         -e         keep the whole caller environment instead of env -i
#         -m         merge stderr into stdout (2>&1, as rts does)
#   stdin defaults to /dev/null.  Sets:
#     RUN_RC           exit status
#     RUN_OUT RUN_ERR  stdout / stderr, "pid NNN" -> "pid x", through cat -v
#                      (CR shows as ^M), trailing newlines dropped
#     RUN_OUT_FILE RUN_ERR_FILE  the raw bytes
#     RUN_MS           wall time in ms
_rt_exec() {   # uses run_cmd's locals: to envcmd envs merge
	if [ -n "$merge" ]; then
		timeout -k 2 "$to" "${envcmd[@]}" "${envs[@]}" "$@" >"$RUN_OUT_FILE" 2>&1
	else
		timeout -k 2 "$to" "${envcmd[@]}" "${envs[@]}" "$@" >"$RUN_OUT_FILE" 2>"$RUN_ERR_FILE"
	fi
	echo $? >"$TESTDIR/run.rc"   # may run in a pipeline's subshell
}

run_cmd() {
	local in=none inarg= to=$RUN_TIMEOUT keepenv= merge= envs=()
	while [ $# -gt 0 ]; do
		case $1 in
		-i|-f|-c) in=$1; inarg=$2; shift 2 ;;
		-t) to=$2; shift 2 ;;
		-e) keepenv=1; shift ;;
		-m) merge=1; shift ;;
		--) shift; break ;;
		[A-Za-z_]*=*)
			local n=${1%%=*}
			case $n in *[!A-Za-z0-9_]*) break ;; esac
			envs+=("$1"); shift ;;
		*) break ;;
		esac
	done
	RUN_OUT_FILE=$TESTDIR/run.out RUN_ERR_FILE=$TESTDIR/run.err
	local envcmd=(env -i PATH="$PATH")
	[ -n "$keepenv" ] && envcmd=(env)
	: >"$RUN_ERR_FILE"
	local t0; t0=$(_rt_now_ms)
	case $in in
	none) _rt_exec "$@" </dev/null ;;
	-f) _rt_exec "$@" <"$inarg" ;;
	-i) printf '%b' "$inarg" | _rt_exec "$@" ;;
	-c) sh -c "$inarg" | _rt_exec "$@" ;;
	esac
	RUN_MS=$(($(_rt_now_ms) - t0))
	RUN_RC=$(cat "$TESTDIR/run.rc")
	RUN_OUT=$(sed 's/pid [0-9]*/pid x/' "$RUN_OUT_FILE" | cat -v)
	RUN_ERR=$(sed 's/pid [0-9]*/pid x/' "$RUN_ERR_FILE" | cat -v)
	return 0
}

# run_smtp_pipe [OPTS] [VAR=value...] [--] CMD...: rts.tests style.  Prints
# stdout and stderr merged (2>&1), then the exit status on its own line,
# with "pid NNN" -> "pid x" and CR as ^M, exactly as rts.sh shows it.
#   got=$(run_smtp_pipe -i 'help\nquit\n' TCPREMOTEIP=127.0.0.2 \
#         DNSCACHEIP=$RBLDNS_IP -- "$RBLSMTPD_BIN" -r rbl.maps.vix.com echo ok)
run_smtp_pipe() {
	run_cmd -m "$@"
	if [ -n "$RUN_OUT" ]; then printf '%s\n%s\n' "$RUN_OUT" "$RUN_RC"
	else printf '%s\n' "$RUN_RC"; fi
}

# ---------------------------------------------------------------- TCP
# free_port [IP=127.0.0.1]: print a TCP port nothing listens on
free_port() {
	"$PY" -c 'import socket,sys
h=sys.argv[1]; s=socket.socket(socket.AF_INET6 if ":" in h else socket.AF_INET)
s.bind((h,0)); print(s.getsockname()[1])' "${1:-127.0.0.1}"
}

_rt_listening() {
	local ip=$1 port=$2
	case $ip in *:*) ip="[$ip]" ;; esac
	ss -Hltn "( sport = :$port )" 2>/dev/null | grep -qF "$ip:$port"
}

# wait_port IP PORT [SECONDS=5]: until something listens on IP:PORT (TCP);
# looks at the socket table, so it never makes a connection.
wait_port() { wait_for "${3:-5}" _rt_listening "$1" "$2"; }

# tcpserver6_path: print a tcpserver that can bind IPv6 (Debian's
# ucspi-tcp-ipv6, unpacked by tests/lib/setup-deps.sh), or fail
tcpserver6_path() {
	local c
	for c in "${TCPSERVER6:-}" "$RBLTEST_CACHE/ucspi-tcp-ipv6/usr/bin/tcpserver"; do
		[ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
	done
	return 1
}

# REF_RBLSMTPD6: Debian's ucspi-tcp-ipv6 rblsmtpd, when unpacked
REF_RBLSMTPD6=$RBLTEST_CACHE/ucspi-tcp-ipv6/usr/bin/rblsmtpd

# start_tcpserver [TCPSERVER-OPTS... --] IP PORT CMD [ARG...]
#   Debian's tcpserver (for an IPv6 IP: ucspi-tcp-ipv6's, see tcpserver6_path;
#   returns 77 if there is none -- skip the test then).  Always given
#   -R -H -l rbltest.local (no ident / DNS lookups) before OPTS.  Runs under
#   env -i PATH=$PATH: put the child's variables in CMD (`env DNSCACHEIP=...
#   rblsmtpd ...`).  Sets TCPSERVER_ERR = the file collecting tcpserver's
#   stderr, which is also the stderr of every child (rblsmtpd's log lines).
#   Waits until it listens.  stop_tcpserver IP PORT stops it.
start_tcpserver() {
	local opts=()
	if [ "${1#-}" != "$1" ]; then
		while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
		shift
	fi
	local ip=$1 port=$2 bin=/usr/bin/tcpserver; shift 2
	case $ip in *:*) bin=$(tcpserver6_path) || {
		echo "# no IPv6 tcpserver: run tests/lib/setup-deps.sh"; return 77; } ;;
	esac
	local tag; tag=tcpserver-$(printf '%s' "$ip" | tr ':' '_')-$port
	TCPSERVER_ERR=$TESTDIR/$tag.err
	env -i PATH="$PATH" "$bin" -R -H -l rbltest.local "${opts[@]}" "$ip" "$port" "$@" \
		</dev/null >"$TESTDIR/$tag.out" 2>"$TCPSERVER_ERR" &
	echo $! >"$TESTDIR/run/$tag.pid"
	if ! wait_port "$ip" "$port" 5; then
		sed 's/^/#   /' "$TCPSERVER_ERR"
		bail "tcpserver did not listen on $ip $port"
	fi
}

stop_tcpserver() {
	_rt_kill_pidfile "$TESTDIR/run/tcpserver-$(printf '%s' "$1" | tr ':' '_')-$2.pid"
}

# swaks_to IP PORT [SWAKS-ARGS...]: one SMTP transaction with swaks
# (from a@example.org to b@example.org, helo client.test, 10 s timeout,
# whole run bounded by SWAKS_TIMEOUT=20).  Output: swaks's transcript.
swaks_to() {
	local ip=$1 port=$2; shift 2
	timeout -k 2 "${SWAKS_TIMEOUT:-20}" swaks --server "$ip" --port "$port" \
		--from a@example.org --to b@example.org --helo client.test \
		--timeout 10 "$@" </dev/null
}

# ---------------------------------------------------------------- syslog
# start_syslog LOGFILE: a private rsyslogd (private namespace only).  It owns
# /dev/log of this script's mount namespace: /dev is replaced (for this
# script only) by a small tmpfs holding bind mounts of null zero full random
# urandom tty ptmx, pts and shm, so the host's /dev and /dev/log are never
# touched.  Writes
#   LOGFILE      facility mail, classic "Mon DD HH:MM:SS host tag: msg"
#   LOGFILE.all  every facility, "facility.severity Mon DD HH:MM:SS host tag: msg"
# rsyslog's defaults apply: control characters arrive as #ooo (e.g. #011).
# Sets SYSLOG_FILE.  Returns 1 (after a "#" note) if it cannot run.
start_syslog() {
	local log=$1
	[ "$RBLTEST_NS" = private ] ||
		{ echo "# start_syslog: needs the private namespace"; return 1; }
	[ -n "${_rt_syslog_started:-}" ] &&
		{ echo "# start_syslog: already running ($SYSLOG_FILE)"; return 1; }
	_rt_private_dev || { echo "# start_syslog: cannot set up a private /dev"; return 1; }
	mkdir -p "$TESTDIR/rsyslog.work"
	cat >"$TESTDIR/rsyslog.conf" <<-EOF
	global(workDirectory="$TESTDIR/rsyslog.work")
	module(load="imuxsock" SysSock.Name="/dev/log" SysSock.RateLimit.Interval="0")
	template(name="rt_all" type="string"
	 string="%syslogfacility-text%.%syslogseverity-text% %TIMESTAMP% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%\n")
	mail.* action(type="omfile" file="$log" template="RSYSLOG_TraditionalFileFormat")
	*.* action(type="omfile" file="$log.all" template="rt_all")
	EOF
	# The queue of /dev/log as systemd sets it on a Debian host
	# (sysctl.d/50-default.conf: 512 datagrams; the kernel's default, 10, is
	# what this network namespace starts with).  With 10, 200 rblsmtpd at
	# once under ASan lost a few lines in 1 run of 20 (t_smtpd_logging_load.sh).
	# Read when rsyslogd creates its socket, so set first.
	echo 512 >/proc/sys/net/unix/max_dgram_qlen 2>/dev/null ||
		echo "# start_syslog: cannot set net.unix.max_dgram_qlen"
	# nice -10: on a loaded machine a daemon that is not scheduled for 100 ms
	# makes rblsmtpd drop lines, as documented (man page, LOG FORMAT); the
	# tests that count lines want a daemon that keeps up, as syslog does on a
	# real mail server, not the scheduler's luck.
	nice -n -10 /usr/sbin/rsyslogd -n -f "$TESTDIR/rsyslog.conf" -i "$TESTDIR/rsyslogd.ownpid" \
		>"$TESTDIR/rsyslogd.log" 2>&1 </dev/null &
	echo $! >"$TESTDIR/run/rsyslogd.pid"
	# ready once it has logged its own start message
	if ! wait_grep "$log.all" 'rsyslogd.*start' 5 || ! [ -S /dev/log ]; then
		sed 's/^/#   /' "$TESTDIR/rsyslogd.log"
		echo "# start_syslog: rsyslogd did not start"; return 1
	fi
	SYSLOG_FILE=$log
	_rt_syslog_started=1
}

# restart_syslog: stop start_syslog's rsyslogd and start a new one on the
# same /dev/log and files (what a logrotate or package upgrade does).
# Returns once the new daemon has logged its start and owns a new socket.
restart_syslog() {
	[ -n "${_rt_syslog_started:-}" ] || { echo "# restart_syslog: no start_syslog"; return 1; }
	local starts
	starts=$(grep -c 'rsyslogd.*start' "$SYSLOG_FILE.all")
	_rt_kill_pidfile "$TESTDIR/run/rsyslogd.pid"
	rm -f /dev/log "$TESTDIR/rsyslogd.ownpid"
	nice -n -10 /usr/sbin/rsyslogd -n -f "$TESTDIR/rsyslog.conf" -i "$TESTDIR/rsyslogd.ownpid" \
		>>"$TESTDIR/rsyslogd.log" 2>&1 </dev/null &
	echo $! >"$TESTDIR/run/rsyslogd.pid"
	if ! wait_for 5 _rt_nstarts_above "$starts" || ! [ -S /dev/log ]; then
		sed 's/^/#   /' "$TESTDIR/rsyslogd.log"
		echo "# restart_syslog: rsyslogd did not start again"; return 1
	fi
}
_rt_nstarts_above() { [ "$(grep -c 'rsyslogd.*start' "$SYSLOG_FILE.all")" -gt "$1" ]; }

# in_syslog_ns CMD...: run CMD so that its syslog() reaches start_syslog's
# daemon.  The whole script already lives in that mount namespace, so this
# only documents intent (and refuses if the private namespace is missing).
in_syslog_ns() {
	[ -n "${_rt_syslog_started:-}" ] || { echo "# in_syslog_ns: no start_syslog" >&2; return 125; }
	"$@"
}

_rt_private_dev() {
	[ -n "${_rt_devdone:-}" ] && return 0
	local st=$TESTDIR/newdev n
	mkdir -p "$st"
	mount -t tmpfs -o mode=0755,size=1m rbltest-dev "$st" || return 1
	for n in null zero full random urandom tty ptmx; do
		[ -e "/dev/$n" ] || continue
		: >"$st/$n" && mount --bind "/dev/$n" "$st/$n" || return 1
	done
	mkdir "$st/pts" "$st/shm"
	mount --rbind /dev/pts "$st/pts" 2>/dev/null
	mount -t tmpfs -o mode=1777,size=16m rbltest-shm "$st/shm"
	ln -s /proc/self/fd "$st/fd"
	ln -s /proc/self/fd/0 "$st/stdin"
	ln -s /proc/self/fd/1 "$st/stdout"
	ln -s /proc/self/fd/2 "$st/stderr"
	mount --move "$st" /dev || { umount -R "$st"; return 1; }
	_rt_devdone=1
}
