/* SPDX-License-Identifier: ISC */
/* addr: client address selection, parsing and reversal; see addr.h. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include "addr.h"

static void set_raw_text(struct client_addr *out, const char *text)
{
	size_t n = 0;
	for (; text[n] && n + 1 < sizeof out->text; n++) {
		unsigned char c = (unsigned char)text[n];
		out->text[n] = (c >= 33 && c <= 126) ? (char)c : '?';
	}
	out->text[n] = '\0';
}

bool addr_parse(const char *text, struct client_addr *out)
{
	memset(out, 0, sizeof *out);
	if (!text)
		return false;
	if (strlen(text) >= ADDR_TEXT_MAX) { /* longer than any address: garbage */
		set_raw_text(out, text);
		return false;
	}
	if (inet_pton(AF_INET, text, out->bytes) == 1) {
		out->family = AF_INET;
	} else if (inet_pton(AF_INET6, text, out->bytes) == 1) {
		static const unsigned char mapped[12] = {0,0,0,0,0,0,0,0,0,0,0xff,0xff};
		out->family = AF_INET6;
		if (memcmp(out->bytes, mapped, 12) == 0) { /* ::ffff:a.b.c.d is IPv4 */
			memmove(out->bytes, out->bytes + 12, 4);
			memset(out->bytes + 4, 0, 12);
			out->family = AF_INET;
		}
	} else {
		set_raw_text(out, text);
		return false;
	}
	inet_ntop(out->family, out->bytes, out->text, sizeof out->text);
	return true;
}

const char *addr_env_value(const char *(*get)(const char *name))
{
	const char *proto = get("PROTO");
	const char *v;
	if (proto && strcmp(proto, "TCP6") == 0 && (v = get("TCP6REMOTEIP")))
		return v;
	if ((v = get("TCPREMOTEIP")))
		return v;
	return get("REMOTE_ADDR");
}

bool addr_from_peer(int fd, struct client_addr *out)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char buf[INET6_ADDRSTRLEN];
	memset(out, 0, sizeof *out);
	if (getpeername(fd, (struct sockaddr *)&ss, &len) != 0)
		return false;
	if (ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, buf, sizeof buf);
	else if (ss.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, buf, sizeof buf);
	else
		return false;
	return addr_parse(buf, out);
}

size_t addr_reverse(const struct client_addr *a, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	if (a->family == AF_INET) {
		char tmp[20];
		int len = 0;
		for (int i = 3; i >= 0; i--) {
			unsigned v = a->bytes[i];
			if (v >= 100) tmp[len++] = (char)('0' + v / 100);
			if (v >= 10) tmp[len++] = (char)('0' + v / 10 % 10);
			tmp[len++] = (char)('0' + v % 10);
			tmp[len++] = '.';
		}
		if ((size_t)len + 1 > outlen)
			return 0;
		memcpy(out, tmp, (size_t)len);
		n = (size_t)len;
	} else if (a->family == AF_INET6) {
		if (64 + 1 > outlen)
			return 0;
		for (int i = 15; i >= 0; i--) {
			out[n++] = hex[a->bytes[i] & 15];
			out[n++] = '.';
			out[n++] = hex[a->bytes[i] >> 4];
			out[n++] = '.';
		}
	} else {
		return 0;
	}
	out[n] = '\0';
	return n;
}
