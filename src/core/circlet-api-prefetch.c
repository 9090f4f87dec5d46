/* circlet-api-prefetch.c
 *
 * A head start for the list a window shows first. Started as the
 * application starts, long before GTK has drawn anything, it reads the
 * cached session token from the keyring, GETs the list and parses it in a
 * worker thread, while the main thread builds the window. The first
 * circlet_api_list_async() of that list then takes the result, in time for
 * the window's first frame, instead of asking the keyring and the server
 * on a main loop that is busy drawing.
 *
 * Only a plain success is kept. No cached token, one about to expire, a
 * locked keyring, an error status, a transport error, a body that does not
 * parse: the prefetch forgets itself, and the page's own request meets the
 * same answer through the session, which knows what to do with it. So a
 * prefetch never exchanges a key, never prompts, and never shows an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "circlet-api-private.h"
#include "circlet-session-private.h"

/* A result nobody asked for is dropped after this long: it would be old. */
#define PREFETCH_LIFETIME_S 30

/* How long a page waits for a head start still on its way before it asks
 * the server itself. A healthy one is done well within a second; a keyring
 * or a server that hangs must not make the page wait for it twice. */
#define PREFETCH_WAIT_S 5

typedef struct
{
  CircletWarmGet  *get;         /* the worker thread's until it returns */
  char            *account_id;
  CircletResource  resource;
  char            *host;
  GCancellable    *cancellable;

  GListModel      *items;       /* once done, on success */
  GTask           *waiter;      /* a circlet_api_list_async() task */
  guint            wait_id;     /* the waiter's patience */
  guint            expire_id;
  gboolean         done;
} Prefetch;

static const char prefetch_key[] = "circlet-api-prefetch";

static void
prefetch_clear (gpointer data)
{
  Prefetch *prefetch = data;

  g_assert (prefetch->waiter == NULL);
  g_assert (prefetch->wait_id == 0);

  g_clear_pointer (&prefetch->get, _circlet_warm_get_free);
  g_free (prefetch->account_id);
  g_free (prefetch->host);
  g_clear_object (&prefetch->cancellable);
  g_clear_object (&prefetch->items);
}

static void
prefetch_unref (Prefetch *prefetch)
{
  g_rc_box_release_full (prefetch, prefetch_clear);
}

/* The session lets go of @prefetch: replaced, expired, or taken. Nobody
 * will want what is still being read. */
static void
prefetch_drop (Prefetch *prefetch)
{
  if (!prefetch->done && prefetch->waiter == NULL)
    g_cancellable_cancel (prefetch->cancellable);
  g_clear_handle_id (&prefetch->expire_id, g_source_remove);
  prefetch_unref (prefetch);
}

static void
prefetch_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Prefetch *prefetch = task_data;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  GListModel *items;

  body = _circlet_warm_get_run (prefetch->get, cancellable, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  items = circlet_api_parse_list (prefetch->resource, body, prefetch->host, &error);
  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, g_object_unref);
}

static gboolean
prefetch_expire_cb (gpointer user_data)
{
  CircletSession *session = user_data;
  Prefetch *prefetch = g_object_get_data (G_OBJECT (session), prefetch_key);

  prefetch->expire_id = 0;
  g_object_set_data (G_OBJECT (session), prefetch_key, NULL);

  return G_SOURCE_REMOVE;
}

/* The page stops waiting, and asks the server; the head start is called
 * off. */
static gboolean
prefetch_wait_cb (gpointer user_data)
{
  Prefetch *prefetch = user_data;

  prefetch->wait_id = 0;
  g_debug ("The head start for the list of %s is late: asking the server",
           circlet_resource_get_name (prefetch->resource));
  g_cancellable_cancel (prefetch->cancellable);
  _circlet_api_list_send (g_steal_pointer (&prefetch->waiter));

  return G_SOURCE_REMOVE;
}

static void
prefetch_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CircletSession *session = CIRCLET_SESSION (object);
  Prefetch *prefetch = g_task_get_task_data (G_TASK (result));
  g_autoptr(GTask) waiter = g_steal_pointer (&prefetch->waiter);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&prefetch->wait_id, g_source_remove);
  prefetch->done = TRUE;
  prefetch->items = g_task_propagate_pointer (G_TASK (result), &error);
  if (prefetch->items != NULL)
    _circlet_session_warm_get_adopt (session, prefetch->get);
  else
    g_debug ("No head start for the list of %s: %s",
             circlet_resource_get_name (prefetch->resource), error->message);
  g_clear_pointer (&prefetch->get, _circlet_warm_get_free);

  if (waiter != NULL)
    {
      if (prefetch->items != NULL)
        {
          g_debug ("The list of %s comes from its head start", circlet_resource_get_name (prefetch->resource));
          g_task_return_pointer (waiter, g_object_ref (prefetch->items), g_object_unref);
        }
      else
        _circlet_api_list_send (g_steal_pointer (&waiter));
      return;
    }

  /* Still the session's, waiting to be taken. */
  if (g_object_get_data (G_OBJECT (session), prefetch_key) != prefetch)
    return;

  if (prefetch->items == NULL)
    g_object_set_data (G_OBJECT (session), prefetch_key, NULL);
  else
    prefetch->expire_id = g_timeout_add_seconds (PREFETCH_LIFETIME_S, prefetch_expire_cb, session);
}

/**
 * circlet_api_prefetch_list:
 * @session: the #CircletSession
 * @account: the organization
 * @resource: a list that needs no parent id
 *
 * Starts reading @resource in a worker thread with the session token cached
 * in the keyring, for the first circlet_api_list_async() of the same list
 * to take. Replaces any earlier prefetch. Does nothing when @account has no
 * usable address or is known to need a new key.
 */
void
circlet_api_prefetch_list (CircletSession  *session,
                           CircletAccount  *account,
                           CircletResource  resource)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  CircletWarmGet *get;
  Prefetch *prefetch;

  g_return_if_fail (CIRCLET_IS_SESSION (session));
  g_return_if_fail (CIRCLET_IS_ACCOUNT (account));

  g_object_set_data (G_OBJECT (session), prefetch_key, NULL);

  /* The users list takes its organization id from the token first. */
  path = circlet_resource_dup_path (resource, NULL);
  if (path == NULL || resource == CIRCLET_RESOURCE_USERS ||
      circlet_account_get_status (account) == CIRCLET_ACCOUNT_STATUS_REVOKED)
    return;

  get = _circlet_session_warm_get_new (session, account, path, &error);
  if (get == NULL)
    {
      g_debug ("No head start for the list of %s: %s", circlet_resource_get_name (resource), error->message);
      return;
    }

  prefetch = g_rc_box_new0 (Prefetch);
  prefetch->get = get;
  prefetch->account_id = g_strdup (circlet_account_get_id (account));
  prefetch->resource = resource;
  prefetch->host = _circlet_api_dup_host_name (account, CIRCLET_HOST_API);
  prefetch->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (session), prefetch_key, prefetch, (GDestroyNotify) prefetch_drop);

  task = g_task_new (session, prefetch->cancellable, prefetch_done_cb, NULL);
  g_task_set_source_tag (task, circlet_api_prefetch_list);
  g_task_set_name (task, "circlet_api_prefetch_list");
  g_task_set_task_data (task, g_rc_box_acquire (prefetch), (GDestroyNotify) prefetch_unref);
  g_task_run_in_thread (task, prefetch_thread);
}

/* Hands @task the prefetched @resource of @account, now or when it is
 * read, and returns %TRUE; %FALSE when there is none to take. A prefetch is
 * taken once. */
gboolean
_circlet_api_take_prefetch (CircletSession  *session,
                            CircletAccount  *account,
                            CircletResource  resource,
                            GTask           *task)
{
  Prefetch *prefetch = g_object_get_data (G_OBJECT (session), prefetch_key);
  gboolean taken = FALSE;

  if (prefetch == NULL || prefetch->resource != resource ||
      g_strcmp0 (prefetch->account_id, circlet_account_get_id (account)) != 0)
    return FALSE;

  /* Waiting for the worker thread, or done. */
  if (!prefetch->done)
    {
      g_debug ("The list of %s waits for its head start", circlet_resource_get_name (resource));
      prefetch->waiter = task;
      prefetch->wait_id = g_timeout_add_seconds (PREFETCH_WAIT_S, prefetch_wait_cb, prefetch);
      taken = TRUE;
    }

  g_rc_box_acquire (prefetch);
  g_object_set_data (G_OBJECT (session), prefetch_key, NULL);

  if (prefetch->done && prefetch->items != NULL)
    {
      g_debug ("The list of %s comes from its head start", circlet_resource_get_name (resource));
      g_task_return_pointer (task, g_object_ref (prefetch->items), g_object_unref);
      g_object_unref (task);
      taken = TRUE;
    }

  prefetch_unref (prefetch);
  return taken;
}
