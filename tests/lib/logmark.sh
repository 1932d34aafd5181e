# SPDX-License-Identifier: ISC
# logmark.sh: read a test's new syslog lines (source after common.sh and
# start_syslog).  The same helpers as t_smtpd_logging.sh's, for other scripts.
#   log_mark          remember how many lines $SYSLOG_FILE has
#   log_new           the lines since, without the syslog prefix; a marker
#                     line sent first proves everything before it is written
#   log_new_n         the same with times made N (@N, Nms, summary's ms)
log_mark() { _mark=$(cat "$SYSLOG_FILE" 2>/dev/null | wc -l); }
log_new() {
	_flushes=$((${_flushes:-0} + 1))
	logger -p mail.info -t rbltest "flush-$_flushes"
	wait_grep "$SYSLOG_FILE" "rbltest: flush-$_flushes\$" 5 || echo "# log flush timed out"
	tail -n +$((_mark + 1)) "$SYSLOG_FILE" | grep -v ' rbltest: flush-' |
		sed -E 's/^[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [^ ]+ //'
}
log_new_n() {
	log_new | sed -E 's/@[0-9]+/@N/g; s/ [0-9]+ms$/ Nms/;
		s/^(rblsmtpd: summary [^ ]+ [^ ]+ [^ ]+) [0-9]+ /\1 N /'
}
