/* test-token.c: parsing what the servers send, without a network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "circlet-error.h"
#include "circlet-json.h"
#include "circlet-session.h"
#include "circlet-token.h"

static char *
base64url (const char *text)
{
  g_autofree char *plain = g_base64_encode ((const guchar *) text, strlen (text));

  g_strdelimit (plain, "+", '-');
  g_strdelimit (plain, "/", '_');
  g_strdelimit (plain, "=", '\0');
  return g_strdup (plain);
}

static char *
make_jwt (const char *payload)
{
  g_autofree char *header = base64url ("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
  g_autofree char *body = base64url (payload);

  return g_strconcat (header, ".", body, ".c2lnbmF0dXJl", NULL);
}

static GBytes *
bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
test_jwt_claims (void)
{
  g_autofree char *jwt = make_jwt ("{\"exp\":1900000000,\"email\":\"ada@example.com\","
                                   "\"currentOrganizationId\":\"aaaa1111-2222-4333-8444-555566667777\",\"sub\":\"x\"}");
  g_auto(CircletJwtClaims) claims = { 0, };
  g_autoptr(GError) error = NULL;

  g_assert_true (circlet_jwt_read_claims (jwt, &claims, &error));
  g_assert_no_error (error);
  g_assert_cmpint (claims.exp, ==, 1900000000);
  g_assert_cmpstr (claims.email, ==, "ada@example.com");
  g_assert_cmpstr (claims.current_org_id, ==, "aaaa1111-2222-4333-8444-555566667777");
}

static void
test_jwt_tolerant (void)
{
  /* Wrong types read as absent; the token is still a JWT. */
  g_autofree char *odd = make_jwt ("{\"exp\":\"soon\",\"email\":42,\"currentOrganizationId\":null}");
  g_autofree char *not_object = make_jwt ("[1,2,3]");
  g_auto(CircletJwtClaims) claims = { 0, };
  const char *broken[] = { "", "abc", "a.b", "a.!!!.c", "a..c", "a.e30", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (circlet_jwt_read_claims (odd, &claims, &error));
  g_assert_no_error (error);
  g_assert_cmpint (claims.exp, ==, 0);
  g_assert_null (claims.email);
  g_assert_null (claims.current_org_id);
  circlet_jwt_claims_clear (&claims);

  g_assert_false (circlet_jwt_read_claims (not_object, &claims, &error));
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_BAD_RESPONSE);

  for (guint i = 0; broken[i] != NULL; i++)
    {
      g_clear_error (&error);
      g_assert_false (circlet_jwt_read_claims (broken[i], &claims, &error));
      g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_BAD_RESPONSE);
    }
}

static void
test_response_expiry_sources (void)
{
  g_autofree char *with_exp = make_jwt ("{\"exp\":1900000000}");
  g_autofree char *without_exp = make_jwt ("{\"email\":\"a@b\"}");
  g_autofree char *body1 = g_strdup_printf ("{\"access_token\":\"%s\",\"expires_in\":60}", with_exp);
  g_autofree char *body2 = g_strdup_printf ("{\"access_token\":\"%s\",\"expires_in\":120}", without_exp);
  g_autoptr(GBytes) b1 = bytes (body1);
  g_autoptr(GBytes) b2 = bytes (body2);
  g_autoptr(GBytes) b3 = bytes ("{\"access_token\":\"opaque-token\"}");
  g_autoptr(CircletToken) t1 = NULL, t2 = NULL, t3 = NULL;
  g_autoptr(GError) error = NULL;

  /* exp wins over expires_in; expires_in over the default. */
  t1 = circlet_token_parse_response (b1, "auth.example", 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (t1->expires_at, ==, 1900000000);
  t2 = circlet_token_parse_response (b2, "auth.example", 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (t2->expires_at, ==, 1120);
  g_assert_cmpstr (t2->email, ==, "a@b");
  t3 = circlet_token_parse_response (b3, "auth.example", 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (t3->expires_at, ==, 1000 + CIRCLET_TOKEN_DEFAULT_LIFETIME);
  g_assert_cmpstr (t3->access_token, ==, "opaque-token");
}

static void
test_response_refused (void)
{
  const struct {
    const char *body;
    int         code;
  } cases[] = {
    { "<!DOCTYPE html><html><body>Welcome to nginx!</body></html>", CIRCLET_ERROR_NOT_APPCIRCLE },
    { "\xef\xbb\xbf  <html>", CIRCLET_ERROR_NOT_APPCIRCLE },
    { "Service Unavailable", CIRCLET_ERROR_NOT_APPCIRCLE },
    { "", CIRCLET_ERROR_NOT_APPCIRCLE },
    { "{\"access_token\":", CIRCLET_ERROR_BAD_RESPONSE },
    { "{}", CIRCLET_ERROR_BAD_RESPONSE },
    { "[]", CIRCLET_ERROR_BAD_RESPONSE },
    { "{\"access_token\":null}", CIRCLET_ERROR_BAD_RESPONSE },
    { "{\"access_token\":42}", CIRCLET_ERROR_BAD_RESPONSE },
    { "{\"access_token\":\"\"}", CIRCLET_ERROR_BAD_RESPONSE },
    /* A header injection attempt must never reach an Authorization header. */
    { "{\"access_token\":\"abc\\r\\nX-Evil: 1\"}", CIRCLET_ERROR_BAD_RESPONSE },
    { "{\"access_token\":\"with space\"}", CIRCLET_ERROR_BAD_RESPONSE },
    { "{\"access_token\":\"\xff\xfe\"}", CIRCLET_ERROR_BAD_RESPONSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = bytes (cases[i].body);
      g_autoptr(GError) error = NULL;
      g_autoptr(CircletToken) token = NULL;

      token = circlet_token_parse_response (body, "auth.example.com", 0, &error);
      g_assert_null (token);
      g_assert_error (error, CIRCLET_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, "example.com"));
    }
}

static void
test_json_depth_limit (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  body = g_bytes_new (deep->str, deep->len);
  node = circlet_json_parse (body, "api.example.com", &error);
  g_assert_null (node);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_BAD_RESPONSE);
}

static void
test_json_accessors (void)
{
  g_autoptr(GBytes) body = bytes ("{\"s\":\"text\",\"n\":12,\"d\":1.5e300,\"b\":true,\"nul\":null,"
                                  "\"o\":{\"x\":1},\"a\":[1],\"date\":\"2025-06-02T09:15:00Z\","
                                  "\"nozone\":\"2025-06-02T09:15:00\",\"bad\":\"yesterday\"}");
  g_autoptr(JsonNode) root = circlet_json_parse (body, "h", NULL);
  g_autoptr(GDateTime) date = NULL, nozone = NULL, bad = NULL;
  JsonObject *o = json_node_get_object (root);

  g_assert_cmpstr (circlet_json_get_string (o, "s"), ==, "text");
  g_assert_null (circlet_json_get_string (o, "n"));
  g_assert_null (circlet_json_get_string (o, "nul"));
  g_assert_null (circlet_json_get_string (o, "missing"));
  g_assert_null (circlet_json_get_string (NULL, "s"));
  g_assert_cmpint (circlet_json_get_int (o, "n", -1), ==, 12);
  g_assert_cmpint (circlet_json_get_int (o, "s", -1), ==, -1);
  g_assert_cmpint (circlet_json_get_int (o, "d", -1), ==, -1);
  g_assert_true (circlet_json_get_bool (o, "b", FALSE));
  g_assert_false (circlet_json_get_bool (o, "s", FALSE));
  g_assert_nonnull (circlet_json_get_object (o, "o"));
  g_assert_null (circlet_json_get_object (o, "a"));
  g_assert_nonnull (circlet_json_get_array (o, "a"));
  g_assert_null (circlet_json_get_array (o, "nul"));

  date = circlet_json_get_date_time (o, "date");
  g_assert_nonnull (date);
  g_assert_cmpint (g_date_time_to_unix (date), ==, 1748855700);
  nozone = circlet_json_get_date_time (o, "nozone");
  g_assert_nonnull (nozone);
  g_assert_cmpint (g_date_time_to_unix (nozone), ==, 1748855700);
  bad = circlet_json_get_date_time (o, "bad");
  g_assert_null (bad);
}

static void
test_error_body (void)
{
  const struct {
    const char *body;
    const char *expected;
  } cases[] = {
    { "{\"error\":\"invalid_grant\",\"error_description\":\"Key deleted\"}", "Key deleted" },
    { "{\"error\":\"invalid_grant\"}", "invalid_grant" },
    { "{\"message\":\"The file is too large\",\"stackTrace\":\"at Secret.Internal()\"}", "The file is too large" },
    { "{\"stackTrace\":\"at Secret.Internal()\"}", NULL },
    { "plain words", "plain words" },
    { "<html><body>oops</body></html>", NULL },
    { "{\"message\":\"line\\nbreak\"}", "line break" },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = bytes (cases[i].body);
      g_autofree char *text = circlet_error_describe_body (body);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_http_error_mapping (void)
{
  const struct {
    guint status;
    int   code;
  } cases[] = {
    { 401, CIRCLET_ERROR_UNAUTHORIZED },
    { 403, CIRCLET_ERROR_FORBIDDEN },
    { 404, CIRCLET_ERROR_NOT_FOUND },
    { 429, CIRCLET_ERROR_RATE_LIMITED },
    { 500, CIRCLET_ERROR_SERVER },
    { 503, CIRCLET_ERROR_SERVER },
    { 418, CIRCLET_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      circlet_error_set_from_http (&error, cases[i].status, "Reason", "api.example.com", NULL);
      g_assert_error (error, CIRCLET_ERROR, cases[i].code);
    }
}

static void
test_normalize_key (void)
{
  const struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "TTk0abcRhNw==", "TTk0abcRhNw==" },
    { "  TTk0abcRhNw==\n", "TTk0abcRhNw==" },
    { "\r\n\tTTk0abcRhNw==\r\n", "TTk0abcRhNw==" },
    { "TTk0 abcRhNw==", NULL },
    { "TTk0\nabcRhNw==", NULL },
    { "", NULL },
    { "   ", NULL },
    { "TTk0\x01RhNw==", NULL },
  };
  g_autofree char *huge = g_strnfill (9000, 'A');
  g_autoptr(GError) error = NULL;
  char *normalized;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *key = circlet_normalize_key (cases[i].input, &local_error);

      g_assert_cmpstr (key, ==, cases[i].expected);
      if (cases[i].expected == NULL)
        g_assert_error (local_error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT);
    }

  normalized = circlet_normalize_key (huge, &error);
  g_assert_null (normalized);
  g_assert_error (error, CIRCLET_ERROR, CIRCLET_ERROR_INVALID_INPUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/token/jwt-claims", test_jwt_claims);
  g_test_add_func ("/token/jwt-tolerant", test_jwt_tolerant);
  g_test_add_func ("/token/response-expiry-sources", test_response_expiry_sources);
  g_test_add_func ("/token/response-refused", test_response_refused);
  g_test_add_func ("/json/depth-limit", test_json_depth_limit);
  g_test_add_func ("/json/accessors", test_json_accessors);
  g_test_add_func ("/error/body", test_error_body);
  g_test_add_func ("/error/http-mapping", test_http_error_mapping);
  g_test_add_func ("/key/normalize", test_normalize_key);

  return g_test_run ();
}
