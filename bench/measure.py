#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""measure.py - run a command N times; print "median_seconds median_maxrss_kb rc".

Usage: measure.py [-n N] [-i STDIN_FILE] [-o OUTFILE] -- CMD [ARG...]
The command runs with the caller's environment, stdout to OUTFILE (default
/dev/null), stderr merged into it.  Wall time per run from fork to wait4;
peak resident set size from wait4's rusage (ru_maxrss, KB) of that child.
rc is the exit status of the last run."""
import os, statistics, sys, time

n, stdin, outfile = 5, '/dev/null', '/dev/null'
args = sys.argv[1:]
while args and args[0] != '--':
    if args[0] == '-n': n = int(args[1])
    elif args[0] == '-i': stdin = args[1]
    elif args[0] == '-o': outfile = args[1]
    args = args[2:]
cmd = args[1:]
times, rss, rc = [], [], None
for _ in range(n):
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            i = os.open(stdin, os.O_RDONLY)
            o = os.open(outfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(i, 0); os.dup2(o, 1); os.dup2(o, 2)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    times.append(time.perf_counter() - t0)
    rss.append(ru.ru_maxrss)
    rc = os.waitstatus_to_exitcode(status)
print('%.4f %d %d' % (statistics.median(times), statistics.median(rss), rc))
