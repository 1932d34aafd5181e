/* SPDX-License-Identifier: ISC */
/* resolvers: which configured DNS server each c-ares socket talks to, and
 * what each server did during this connection.
 *
 * The engine needs to know which server sent an answer (a bad one is asked
 * again of the next server) and whether every server is unreachable or
 * refusing (then every DNS list fails at once, and the log blames the
 * resolver, not the lists). c-ares 1.18 tells neither, so the engine hands it
 * resolvers_socket_functions(): plain socket calls that also note, per
 * socket, the server it was connected to, the socket read last, and errors
 * that say the server is unreachable (ICMP port/host unreachable on UDP). */
#ifndef CORE_RESOLVERS_H
#define CORE_RESOLVERS_H
#include <ares.h>
#include <stdbool.h>
#include <stddef.h>
#include "addr.h"
#include "dnsservers.h"

#define RESOLVERS_MAX DNSSERVERS_MAX
/* sockets at once: a UDP and a TCP socket per server, in each channel that
 * starts at a server (engine.c: 2 x RESOLVERS_MAX channels) */
#define RESOLVERS_SOCKS_MAX (2 * 2 * RESOLVERS_MAX)

struct resolver_state {
	bool dead;            /* unreachable (ICMP error on its UDP socket) */
	unsigned refused;     /* REFUSED answers */
	unsigned answers;     /* real answers (NOERROR, NXDOMAIN) */
};

struct resolvers {
	size_t n;
	struct ares_addr_port_node *nodes;   /* the servers, in order (owned) */
	struct ares_addr_port_node *node[RESOLVERS_MAX];
	struct resolver_state st[RESOLVERS_MAX];
	struct { ares_socket_t fd; int server; bool udp, failed; } sock[RESOLVERS_SOCKS_MAX];
	int last;             /* server of the socket read last, -1 unknown */
};

/* Learn the servers from a channel (ares_get_servers_ports; at most
 * RESOLVERS_MAX). Returns false when out of memory. */
bool resolvers_init(struct resolvers *rs, ares_channel ch);
void resolvers_free(struct resolvers *rs);

/* The socket functions to install with ares_set_socket_functions(channel,
 * fns, rs). */
const struct ares_socket_functions *resolvers_socket_functions(void);

/* A UDP socket whose server turned out unreachable (the error may have been
 * taken by a send, so c-ares would go on waiting for the queries already
 * sent on it): reading it reports the error again, so the caller polls it as
 * readable, and c-ares moves its queries on to the next server. */
bool resolvers_sock_failed(const struct resolvers *rs, ares_socket_t fd);

/* Every server unreachable. */
bool resolvers_all_dead(const struct resolvers *rs);
/* Every server unreachable, or refusing: it refused and never answered. */
bool resolvers_all_failed(const struct resolvers *rs);

/* Server i as text (address, ":port" unless 53) and what it did wrong:
 * "unreachable", "refused", or NULL when nothing. */
void resolvers_name(const struct resolvers *rs, size_t i, char *out, size_t outlen);
const char *resolvers_fault(const struct resolvers *rs, size_t i);

#endif
