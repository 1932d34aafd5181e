/* SPDX-License-Identifier: ISC */
/* nonss: the two NSS service look-ups c-ares can call, as "not found".
 *
 * rblsmtpd is linked as a static PIE (Makefile, LINKMODE=static). c-ares's
 * ares_getaddrinfo and ares_getnameinfo objects come along with the library
 * and reference getservbyname and getservbyport_r; glibc's static versions
 * of those load NSS modules at run time, and the linker warns about it.
 * rblsmtpd never asks c-ares for a service name (it sends its own queries
 * to $DNSCACHEIP), so these definitions, linked ahead of libc, keep glibc's
 * NSS code out of the binary instead of hiding the warning. Only the static
 * rblsmtpd links this file. */
#include <errno.h>
#include <netdb.h>
#include <stddef.h>

struct servent *getservbyname(const char *name, const char *proto)
{
	(void)name;
	(void)proto;
	return NULL;
}

int getservbyport_r(int port, const char *proto, struct servent *result_buf, char *buf,
		    size_t buflen, struct servent **result)
{
	(void)port;
	(void)proto;
	(void)result_buf;
	(void)buf;
	(void)buflen;
	*result = NULL;
	return ENOENT;
}
