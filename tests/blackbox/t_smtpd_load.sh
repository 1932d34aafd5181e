#!/bin/bash
# SPDX-License-Identifier: ISC
# make test's short form of tests/load/load.sh: 200 connections, 100 at once.
LOAD_CONNECTIONS=${LOAD_CONNECTIONS:-200} LOAD_CONCURRENCY=${LOAD_CONCURRENCY:-100} \
	exec bash "$(dirname "$0")/../load/load.sh" "$@"
