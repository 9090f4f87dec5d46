/* reliability-util.h: what the reliability tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "circlet-account.h"
#include "circlet-key-store.h"
#include "circlet-session.h"
#include "circlet-test-server.h"

G_BEGIN_DECLS

/* One run of circlet-cli: its exit status, output, and what /proc showed of
 * it while it ran (NUL bytes turned into newlines). */
typedef struct
{
  const char *command;  /* the first argument */
  int   status;
  char *out;
  char *err;
  char *proc_environ;   /* nullable: the process ended before it was read */
  char *proc_cmdline;
  gint64 elapsed_us;
} RelRun;

void            rel_run_clear               (RelRun             *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RelRun, rel_run_clear)

/* Runs circlet-cli with G_MESSAGES_DEBUG=all, CIRCLET_DEBUG=http and the
 * NULL-terminated @envp (NAME=VALUE, nullable) added to the environment,
 * feeding @input on stdin, while iterating the default main context so that
 * an in-process test server answers it. */
void            rel_run_cli                 (RelRun             *run,
                                             const char * const *envp,
                                             const char         *input,
                                             const char         *first,
                                             ...) G_GNUC_NULL_TERMINATED;

CircletAccount *rel_account_new             (const char         *label,
                                             const char         *url);
gboolean        rel_set_key                 (CircletSession     *session,
                                             CircletAccount     *account,
                                             const char         *key,
                                             gboolean            verify,
                                             GError            **error);
CircletSecret  *rel_get_token               (CircletSession     *session,
                                             CircletAccount     *account,
                                             CircletTokenFlags   flags,
                                             GError            **error);
GBytes         *rel_get                     (CircletSession     *session,
                                             CircletAccount     *account,
                                             const char         *path,
                                             GError            **error);
CircletSecret  *rel_lookup                  (CircletKeyStore    *keys,
                                             const char         *account_id,
                                             CircletSecretKind   kind,
                                             GError            **error);
void            rel_clear                   (CircletKeyStore    *keys,
                                             const char         *account_id);
void            rel_clear_kind              (CircletKeyStore    *keys,
                                             const char         *account_id,
                                             CircletSecretKind   kind);

/* Fails the test when any of @secrets occurs in @len bytes of @data. */
void            rel_assert_no_secret        (const char         *where,
                                             const char         *data,
                                             gsize               len,
                                             GPtrArray          *secrets);
/* The same for every regular file below @dir, @skip_dir (nullable) aside. */
void            rel_assert_no_secret_in_tree (const char        *dir,
                                              const char        *skip_dir,
                                              GPtrArray         *secrets);

G_END_DECLS
