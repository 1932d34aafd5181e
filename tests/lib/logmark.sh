# logmark.sh: the syslog lines one run added (source after start_syslog).
#   log_mark            remember how far $SYSLOG_FILE goes
#   log_new             print the lines written since, without the classic
#                       "Mon DD HH:MM:SS host " prefix; a marker line logged
#                       after the run proves everything before it is in
#                       (imuxsock keeps the order); times in ms become N
#                       ("@N", " Nms", the summary's ms column)
_logmark_flushes=0
log_mark() { _logmark=$(cat "$SYSLOG_FILE" 2>/dev/null | wc -l); }
log_new() {
	_logmark_flushes=$((_logmark_flushes + 1))
	logger -p mail.info -t rbltest "flush-$_logmark_flushes"
	wait_grep "$SYSLOG_FILE" "rbltest: flush-$_logmark_flushes\$" 5 || echo "# log flush timed out"
	tail -n +$((_logmark + 1)) "$SYSLOG_FILE" | grep -v ' rbltest: flush-' |
		sed -E 's/^[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [^ ]+ //;
			s/@[0-9]+/@N/g; s/ [0-9]+ms$/ Nms/;
			s/^(rblsmtpd: summary [^ ]+ [^ ]+ [^ ]+) [0-9]+ /\1 N /'
}
