/* SPDX-License-Identifier: ISC */
/* Unit tests: resolvers — who is to blame (every server unreachable or
 * refusing, never one that answered) and how a server is named in the log. */
#include <arpa/inet.h>
#include <string.h>
#include "check.h"
#include "resolvers.h"

static struct ares_addr_port_node nodes[3];
static struct resolvers rs;

static void setup(void)
{
	memset(&rs, 0, sizeof rs);
	memset(nodes, 0, sizeof nodes);
	nodes[0].family = AF_INET;
	inet_pton(AF_INET, "127.0.53.9", &nodes[0].addr.addr4);
	nodes[1].family = AF_INET;
	inet_pton(AF_INET, "192.0.2.1", &nodes[1].addr.addr4);
	nodes[1].udp_port = 5353;
	nodes[2].family = AF_INET6;
	inet_pton(AF_INET6, "::1", &nodes[2].addr.addr6);
	nodes[2].udp_port = 5354;
	for (int i = 0; i < 3; i++)
		rs.node[i] = &nodes[i];
	rs.n = 3;
	rs.last = -1;
}

int main(void)
{
	char name[ADDR_TEXT_MAX + 8];
	setup();
	resolvers_name(&rs, 0, name, sizeof name);
	CHECK_STREQ(name, "127.0.53.9");
	resolvers_name(&rs, 1, name, sizeof name);
	CHECK_STREQ(name, "192.0.2.1:5353");
	resolvers_name(&rs, 2, name, sizeof name);
	CHECK_STREQ(name, "[::1]:5354");

	CHECK(!resolvers_all_dead(&rs));
	CHECK(!resolvers_all_failed(&rs));
	CHECK(resolvers_fault(&rs, 0) == NULL);
	rs.st[0].dead = true;
	rs.st[1].dead = true;
	CHECK(!resolvers_all_dead(&rs));
	rs.st[2].refused = 2;
	CHECK(!resolvers_all_dead(&rs));
	CHECK(resolvers_all_failed(&rs));   /* two unreachable, one refusing */
	CHECK_STREQ(resolvers_fault(&rs, 0), "unreachable");
	CHECK_STREQ(resolvers_fault(&rs, 2), "refused");
	rs.st[2].answers = 1;               /* it answered another list: alive */
	CHECK(!resolvers_all_failed(&rs));
	CHECK(resolvers_fault(&rs, 2) == NULL);
	rs.st[2].dead = true;
	CHECK(resolvers_all_dead(&rs));
	CHECK(resolvers_all_failed(&rs));

	rs.n = 0;                           /* no server known: nobody to blame */
	CHECK(!resolvers_all_dead(&rs));
	CHECK(!resolvers_all_failed(&rs));
	return check_done("resolvers");
}
