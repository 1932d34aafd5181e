/* SPDX-License-Identifier: ISC */
/* resolvers: see resolvers.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include "logfmt.h"
#include "resolvers.h"

#define DNS_PORT 53

bool resolvers_init(struct resolvers *rs, ares_channel ch)
{
	memset(rs, 0, sizeof *rs);
	rs->last = -1;
	for (size_t i = 0; i < RESOLVERS_SOCKS_MAX; i++)
		rs->sock[i].fd = ARES_SOCKET_BAD;
	int rc = ares_get_servers_ports(ch, &rs->nodes);
	if (rc != ARES_SUCCESS)
		return rc != ARES_ENOMEM;
	for (struct ares_addr_port_node *s = rs->nodes; s && rs->n < RESOLVERS_MAX; s = s->next)
		rs->node[rs->n++] = s;
	return true;
}

void resolvers_free(struct resolvers *rs)
{
	ares_free_data(rs->nodes);
	rs->nodes = NULL;
	rs->n = 0;
}

static int port_of(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)(const void *)sa)->sin6_port);
	return ntohs(((const struct sockaddr_in *)(const void *)sa)->sin_port);
}

/* Address and port (0 in c-ares' list means 53) identify the server. */
static int server_of_addr(const struct resolvers *rs, const struct sockaddr *sa, bool udp)
{
	for (size_t i = 0; i < rs->n; i++) {
		const struct ares_addr_port_node *s = rs->node[i];
		int port = udp ? s->udp_port : s->tcp_port;
		if (sa->sa_family != s->family || port_of(sa) != (port ? port : DNS_PORT))
			continue;
		if (sa->sa_family == AF_INET &&
		    memcmp(&((const struct sockaddr_in *)(const void *)sa)->sin_addr,
			   &s->addr.addr4, sizeof s->addr.addr4) == 0)
			return (int)i;
		if (sa->sa_family == AF_INET6 &&
		    memcmp(&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			   &s->addr.addr6, sizeof s->addr.addr6) == 0)
			return (int)i;
	}
	return -1;
}

static int slot_of(const struct resolvers *rs, ares_socket_t fd)
{
	for (int i = 0; i < RESOLVERS_SOCKS_MAX; i++)
		if (rs->sock[i].fd == fd)
			return i;
	return -1;
}

/* The errors a socket gets when ICMP says nobody is there. */
static bool unreachable(int err)
{
	return err == ECONNREFUSED || err == EHOSTUNREACH || err == ENETUNREACH ||
	       err == EHOSTDOWN || err == ENETDOWN;
}

/* Only UDP: a server that answers over UDP but refuses TCP is alive. */
static void note_error(struct resolvers *rs, ares_socket_t fd, int err)
{
	int k = slot_of(rs, fd);
	if (k >= 0 && rs->sock[k].udp && rs->sock[k].server >= 0 && unreachable(err)) {
		rs->st[rs->sock[k].server].dead = true;
		rs->sock[k].failed = true;
	}
}

bool resolvers_sock_failed(const struct resolvers *rs, ares_socket_t fd)
{
	int k = slot_of(rs, fd);
	return k >= 0 && rs->sock[k].failed;
}

static ares_socket_t w_socket(int domain, int type, int protocol, void *ud)
{
	struct resolvers *rs = ud;
	/* c-ares 1.18 configures no socket it did not open itself: non-blocking
	 * (it reads until EAGAIN) and close-on-exec (never into the server)
	 * are ours to set. */
	ares_socket_t fd = socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
	int on = 1;
	if (fd != ARES_SOCKET_BAD && type == SOCK_STREAM) /* as c-ares does: queries go out at once */
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	/* a free slot; without one the socket works, untracked */
	int k = fd == ARES_SOCKET_BAD ? -1 : slot_of(rs, ARES_SOCKET_BAD);
	if (k >= 0) {
		rs->sock[k].fd = fd;
		rs->sock[k].server = -1;
		rs->sock[k].failed = false;
		rs->sock[k].udp = (type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) == SOCK_DGRAM;
	}
	return fd;
}

static int w_close(ares_socket_t fd, void *ud)
{
	struct resolvers *rs = ud;
	int k = slot_of(rs, fd);
	if (k >= 0)
		rs->sock[k].fd = ARES_SOCKET_BAD;
	return close(fd);
}

static int w_connect(ares_socket_t fd, const struct sockaddr *sa, ares_socklen_t len, void *ud)
{
	struct resolvers *rs = ud;
	int k = slot_of(rs, fd);
	if (k >= 0)
		rs->sock[k].server = server_of_addr(rs, sa, rs->sock[k].udp);
	int rc = connect(fd, sa, len);
	if (rc < 0)
		note_error(rs, fd, errno);
	return rc;
}

static ares_ssize_t w_recvfrom(ares_socket_t fd, void *buf, size_t len, int flags,
			       struct sockaddr *from, ares_socklen_t *fromlen, void *ud)
{
	struct resolvers *rs = ud;
	int k = slot_of(rs, fd);
	rs->last = k >= 0 ? rs->sock[k].server : -1;
	if (k >= 0 && rs->sock[k].failed) {
		errno = ECONNREFUSED;
		return -1;
	}
	ares_ssize_t n = recvfrom(fd, buf, len, flags, from, fromlen);
	if (n < 0) {
		int err = errno;
		note_error(rs, fd, err);
		errno = err;
	}
	return n;
}

static ares_ssize_t w_sendv(ares_socket_t fd, const struct iovec *iov, int iovcnt, void *ud)
{
	ares_ssize_t n = writev(fd, iov, iovcnt);
	if (n < 0) {
		int err = errno;
		note_error(ud, fd, err);
		errno = err;
	}
	return n;
}

const struct ares_socket_functions *resolvers_socket_functions(void)
{
	static const struct ares_socket_functions fns = {
		w_socket, w_close, w_connect, w_recvfrom, w_sendv,
	};
	return &fns;
}

bool resolvers_all_dead(const struct resolvers *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!rs->st[i].dead)
			return false;
	return rs->n > 0;
}

const char *resolvers_fault(const struct resolvers *rs, size_t i)
{
	if (rs->st[i].dead)
		return logfmt_why_words[LOGFMT_WHY_UNREACHABLE];
	if (rs->st[i].refused && !rs->st[i].answers)
		return logfmt_why_words[LOGFMT_WHY_REFUSED];
	return NULL;
}

bool resolvers_all_failed(const struct resolvers *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!resolvers_fault(rs, i))
			return false;
	return rs->n > 0;
}

void resolvers_name(const struct resolvers *rs, size_t i, char *out, size_t outlen)
{
	const struct ares_addr_port_node *s = rs->node[i];
	char host[ADDR_TEXT_MAX];
	const void *src = s->family == AF_INET6 ? (const void *)&s->addr.addr6
						 : (const void *)&s->addr.addr4;
	if (!inet_ntop(s->family, src, host, sizeof host))
		snprintf(host, sizeof host, "?");
	int port = s->udp_port;
	if (port == 0 || port == DNS_PORT)
		snprintf(out, outlen, "%s", host);
	else if (s->family == AF_INET6)
		snprintf(out, outlen, "[%s]:%d", host, port);
	else
		snprintf(out, outlen, "%s:%d", host, port);
}
