/* test-cli-list.c: circlet-cli list, as a user runs it, against the test server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "circlet-keyring-fixture.h"
#include "circlet-test-server.h"
#include "circlet-test-util.h"

#define N_ITEMS 60

static const char * const resources[] = {
  "distribution-profiles", "testing-groups", "build-profiles", "store-profiles",
  "publish-profiles-ios", "publish-profiles-android", "organizations", "users",
  "certificates", "keystores", "provisioning-profiles",
};

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

typedef struct
{
  CircletTestServer *server;
} Fixture;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs circlet-cli with @argv (NULL-terminated, without the program),
 * feeding @input on stdin, while this process's main loop serves. */
static void
run_cli (Run                *run,
         const char         *input,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CIRCLET_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (process, input ? input : "", NULL,
                                       circlet_test_store_result_cb, &result);
  g_assert_true (g_subprocess_communicate_utf8_finish (process, circlet_test_wait (&result),
                                                       &run->out, &run->err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *config = g_build_filename (g_get_user_config_dir (), "circlet", "accounts.ini", NULL);
  g_autofree char *input = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0, };
  const char *url;

  g_unlink (config);
  f->server = circlet_test_server_new (N_ITEMS, &error);
  g_assert_no_error (error);
  url = circlet_test_server_get_url (f->server);
  input = g_strdup_printf ("%s\n", circlet_test_server_get_key (f->server));
  run_cli (&run, input, (const char *[]) { "add", "--label", "Acme", "--api-host", url, "--auth-host", url, NULL });
  g_assert_cmpint (run.status, ==, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(Run) run = { 0, };

  run_cli (&run, NULL, (const char *[]) { "remove", "Acme", NULL });
  g_clear_object (&f->server);
}

static JsonArray *
parse_json_array (const char *text,
                  JsonNode  **root)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  *root = json_node_ref (json_parser_get_root (parser));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (*root));
  return json_node_get_array (*root);
}

/* Both formats list the same items: every id of the JSON is on its own
 * row of the table, in the same order. */
static void
check_formats (const char * const *args,
               guint               expected,
               const char         *key)
{
  g_auto(Run) table = { 0, };
  g_auto(Run) json = { 0, };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) json_args = g_ptr_array_new ();
  g_auto(GStrv) lines = NULL;
  JsonArray *array;

  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (json_args, (gpointer) args[i]);
  g_ptr_array_add (json_args, (gpointer) "--json");
  g_ptr_array_add (json_args, NULL);

  run_cli (&table, NULL, args);
  run_cli (&json, NULL, (const char * const *) json_args->pdata);
  g_test_message ("%s %s: %d / %d\n%.600s", args[0], args[1], table.status, json.status, table.out);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_cmpint (json.status, ==, 0);

  array = parse_json_array (json.out, &root);
  if (expected != G_MAXUINT)
    g_assert_cmpuint (json_array_get_length (array), ==, expected);
  g_assert_cmpuint (json_array_get_length (array), >, 0);

  lines = g_strsplit (table.out, "\n", -1);
  /* A header, one row per item, and the final newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, json_array_get_length (array) + 2);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      const char *value = json_object_get_string_member (item, key);

      g_assert_true (json_object_has_member (item, "name"));
      g_assert_false (json_object_has_member (item, "search_text"));
      if (strstr (lines[i + 1], value) == NULL)
        g_error ("row %u “%s” lacks “%s”", i, lines[i + 1], value);
    }
}

static void
test_every_resource (Fixture       *f,
                     gconstpointer  data)
{
  for (guint r = 0; r < G_N_ELEMENTS (resources); r++)
    {
      guint expected = g_str_equal (resources[r], "organizations") ? 1 + CIRCLET_TEST_SERVER_N_SUB_ORGS
                     : g_str_equal (resources[r], "users") ? G_MAXUINT : N_ITEMS;

      check_formats ((const char *[]) { "list", resources[r], NULL }, expected, "id");
    }
}

static void
test_json_fields (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(Run) run = { 0, };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  JsonObject *first;

  run_cli (&run, NULL, (const char *[]) { "list", "distribution-profiles", "--json", "--org", "Acme", NULL });
  g_assert_cmpint (run.status, ==, 0);
  array = parse_json_array (run.out, &root);
  first = json_array_get_object_element (array, 0);

  /* Every mapped field, codes and labels both, dates in UTC. */
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Acme Banking QA 0");
  g_assert_cmpstr (json_object_get_string_member (first, "update_date"), ==, "2025-06-01T12:00:00Z");
  g_assert_cmpint (json_object_get_int_member (first, "authentication_type"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "authentication_label"), ==, "None");
  g_assert_true (json_object_has_member (first, "ios_version"));
  g_assert_true (json_object_has_member (first, "android_version"));
  g_assert_true (json_object_has_member (first, "last_shared_date"));
  g_assert_true (json_object_has_member (first, "testing_group_count"));
  g_assert_true (json_object_has_member (first, "auto_send"));
  g_assert_true (json_object_has_member (first, "pinned"));

  /* The 50th name carries a quote, a backslash and a tab: still valid JSON. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 49), "name"),
                   ==, "Zürich \"Quoted\" \\ Tools\t✓ 49");
}

static void
test_children (Fixture       *f,
               gconstpointer  data)
{
  g_auto(Run) groups = { 0, };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  const char *group_id;

  run_cli (&groups, NULL, (const char *[]) { "list", "testing-groups", "--json", NULL });
  g_assert_cmpint (groups.status, ==, 0);
  array = parse_json_array (groups.out, &root);
  group_id = json_object_get_string_member (json_array_get_object_element (array, 1), "id");

  check_formats ((const char *[]) { "list", "testers", "--parent", group_id, NULL }, G_MAXUINT, "email");
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Run) unknown = { 0, };
  g_auto(Run) no_parent = { 0, };
  g_auto(Run) none = { 0, };

  run_cli (&unknown, NULL, (const char *[]) { "list", "profiles", NULL });
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_cmpstr (unknown.out, ==, "");
  g_assert_nonnull (strstr (unknown.err, "profiles"));
  for (guint r = 0; r < G_N_ELEMENTS (resources); r++)
    g_assert_nonnull (strstr (unknown.err, resources[r]));

  run_cli (&no_parent, NULL, (const char *[]) { "list", "branches", NULL });
  g_assert_cmpint (no_parent.status, ==, 1);
  g_assert_nonnull (strstr (no_parent.err, "--parent"));

  run_cli (&none, NULL, (const char *[]) { "list", NULL });
  g_assert_cmpint (none.status, ==, 1);
}

/* A web server answering HTML: a helpful message and the network exit code. */
static void
test_wrong_host (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(Run) run = { 0, };

  circlet_test_server_inject (f->server, "/build/v2/profiles", CIRCLET_FAULT_HTML, 1, NULL);
  run_cli (&run, NULL, (const char *[]) { "list", "build-profiles", NULL });
  g_assert_cmpint (run.status, ==, 5);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "127.0.0.1 does not look like an Appcircle API server"));
}

/* Items are printed as they are read, but only once the whole body has
 * been checked: a broken body prints nothing, not even the bracket. */
static void
test_broken_body (Fixture       *f,
                  gconstpointer  data)
{
  for (guint json = 0; json < 2; json++)
    {
      g_auto(Run) run = { 0, };

      circlet_test_server_inject (f->server, "/distribution/v2/profiles", CIRCLET_FAULT_MALFORMED_JSON, 1, NULL);
      run_cli (&run, NULL, (const char *[]) { "list", "distribution-profiles", json ? "--json" : NULL, NULL });
      g_assert_cmpint (run.status, ==, 5);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, "could not read"));
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  circlet_keyring_fixture_setup (circlet_keyring_kind_from_env ());
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/cli-list/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("every-resource", test_every_resource);
  ADD ("json-fields", test_json_fields);
  ADD ("children", test_children);
  ADD ("usage-errors", test_usage_errors);
  ADD ("broken-body", test_broken_body);
  ADD ("wrong-host", test_wrong_host);

#undef ADD

  status = g_test_run ();
  circlet_keyring_fixture_teardown ();
  return status;
}
