/* SPDX-License-Identifier: ISC */
/* clientfd: is this descriptor the client's connection?
 *
 * Under xinetd, and under systemd when a unit leaves StandardError to inherit
 * the socket, fd 2 is the client's socket: a diagnostic written there would
 * reach the client before any SMTP reply and break the dialogue. We compare
 * the open files themselves (st_dev and st_ino of fstat), never the
 * environment, which says nothing about where fd 2 points. */
#ifndef CORE_CLIENTFD_H
#define CORE_CLIENTFD_H
#include <stdbool.h>

/* true when fd is an open socket and the same socket as a or as b (the
 * dup()ed copies a super-server hands us compare equal). Only sockets: a
 * terminal or a pipe shared by fd 1 and fd 2 (2>&1) is the operator's, not
 * the client's, and keeps the lines it has always had. */
bool clientfd_same(int fd, int a, int b);

#endif
