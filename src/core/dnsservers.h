/* SPDX-License-Identifier: ISC */
/* dnsservers: turn $DNSCACHEIP into the server list c-ares takes.
 *
 * Accepted forms (rblsmtpd(8) ENVIRONMENT, DNSCACHEIP): djb's dot-separated quads
 * ("127.0.0.54.127.0.0.56"), lists separated by spaces and/or commas,
 * IPv4, IPv6, "a.b.c.d:port" and "[v6]:port". Pure. */
#ifndef CORE_DNSSERVERS_H
#define CORE_DNSSERVERS_H
#include <stddef.h>

#define DNSSERVERS_MAX 16

/* Writes a c-ares ares_set_servers_ports_csv() string ("127.0.0.1:53,[::1]:53")
 * into csv. Returns the number of servers (0 when the value names none, so the
 * caller falls back to /etc/resolv.conf), or -1 when csv is too small.
 * Unparsable pieces are skipped. */
int dnsservers_parse(const char *value, char *csv, size_t csvlen);

#endif
