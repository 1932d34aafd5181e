/* SPDX-License-Identifier: ISC */
/* fuzz_localist: a local list file (localist_parse) and lookups in it
 * (localist_lookup): fixed addresses (v4, v6, the RFC 5782 test points)
 * and addresses taken from the input's last bytes.
 * Invariants: a listed answer has an A value, its TXT fits the buffer. */
#include <arpa/inet.h>
#include <string.h>
#include "addr.h"
#include "fuzz.h"
#include "localist.h"

static void one(const struct localist *l, const struct client_addr *a, size_t txtlen)
{
	unsigned char aval[4];
	char txt[300];
	memset(txt, 'x', sizeof txt);
	int r = localist_lookup(l, a, aval, txt, txtlen);
	if (r != 0 && r != 1)
		__builtin_trap();
	if (txtlen && strnlen(txt, txtlen) >= txtlen)
		__builtin_trap();
	if (txtlen && txtlen < sizeof txt && txt[txtlen] != 'x')
		__builtin_trap(); /* wrote past txtlen */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fixed[] = {
		"127.0.0.2", "127.0.0.1", "10.1.2.3", "0.0.0.0", "255.255.255.255",
		"::1", "::ffff:127.0.0.2", "2001:db8::1", "2001:db8:0:ff::5", "ffff::",
	};
	struct localist_stats st;
	struct localist *l = localist_parse((const char *)data, size, &st);
	if (!l)
		return 0; /* out of memory only */
	if (st.bad_lines > size)
		__builtin_trap();
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		struct client_addr a;
		addr_parse(fixed[i], &a);
		one(l, &a, i & 1 ? 201 : 1 + i * 7);
	}
	if (size >= 16) {
		struct client_addr a;
		memset(&a, 0, sizeof a);
		a.family = AF_INET;
		memcpy(a.bytes, data + size - 4, 4);
		inet_ntop(AF_INET, a.bytes, a.text, sizeof a.text);
		one(l, &a, 201);
		a.family = AF_INET6;
		memcpy(a.bytes, data + size - 16, 16);
		inet_ntop(AF_INET6, a.bytes, a.text, sizeof a.text);
		one(l, &a, 201);
	}
	localist_free(l);
	return 0;
}
