#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""loadgen.py HOST PORT N CONC - open N TCP connections, CONC at a time,
read each until EOF; print "seconds connections_per_second ok_count"
(ok = the reply began with "220", i.e. the server was reached)."""
import asyncio, sys, time

host, port, n, conc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])


async def one(sem, res):
    async with sem:
        try:
            r, w = await asyncio.open_connection(host, port)
            data = await asyncio.wait_for(r.read(), 30)
            w.close()
            res.append(data.startswith(b"220"))
        except Exception:
            res.append(False)


async def main():
    sem, res = asyncio.Semaphore(conc), []
    t0 = time.perf_counter()
    await asyncio.gather(*(one(sem, res) for _ in range(n)))
    dt = time.perf_counter() - t0
    print("%.3f %.1f %d" % (dt, n / dt, sum(res)))

asyncio.run(main())
