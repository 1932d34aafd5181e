/* SPDX-License-Identifier: ISC */
/* Unit tests: clientfd_same, which decides whether fd 2 is the client's
 * connection (then rblsmtpd writes nothing there). */
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "check.h"
#include "clientfd.h"

int main(void)
{
	int sp[2], other[2], pp[2];

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == 0);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, other) == 0);
	CHECK(pipe(pp) == 0);
	int dup_sp = dup(sp[0]);
	int devnull = open("/dev/null", O_WRONLY);

	/* a dup of the connection, as xinetd hands out fd 0, 1 and 2 */
	CHECK(clientfd_same(dup_sp, sp[0], devnull));
	CHECK(clientfd_same(dup_sp, devnull, sp[0]));
	/* the other end of the same pair, another socket: not the client */
	CHECK(!clientfd_same(sp[1], sp[0], sp[0]));
	CHECK(!clientfd_same(other[0], sp[0], dup_sp));
	/* a pipe shared with stdout (2>&1) is the operator's, not the client's */
	int dup_pp = dup(pp[1]);
	CHECK(!clientfd_same(dup_pp, pp[1], pp[1]));
	/* closed descriptors */
	CHECK(!clientfd_same(-1, sp[0], sp[0]));
	CHECK(!clientfd_same(dup_sp, -1, -1));
	return check_done("clientfd");
}
