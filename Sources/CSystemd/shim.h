#ifndef LECTOR_CSYSTEMD_SHIM_H
#define LECTOR_CSYSTEMD_SHIM_H

// libsystemd's journal and service-manager calls. sd_journal_send and sd_journal_print are
// C-variadic and not imported into Swift: use sd_journal_sendv with an array of iovec.
#include <systemd/sd-journal.h>
#include <systemd/sd-daemon.h>
#include <sys/uio.h>
#include <signal.h>
#include <time.h>

#endif
