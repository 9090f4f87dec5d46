#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpus under corpus/: run it from tests/fuzz/ after
changing it, and commit what it writes. The JSON cases follow
JSONTestSuite's naming: y_ must parse, n_ must be refused, i_ is up to
the parser; all of them must end in a value or a clean error."""
import base64
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))


def write(corpus, name, data):
    path = os.path.join(HERE, "corpus", corpus)
    os.makedirs(path, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(path, name), "wb") as f:
        f.write(data)


def b64url(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jwt(payload, header='{"alg":"RS256","typ":"JWT"}', sig="c2lnbmF0dXJl"):
    if not isinstance(payload, (str, bytes)):
        payload = json.dumps(payload)
    return f"{b64url(header)}.{b64url(payload)}.{sig}"


# JSON edge cases, shared by every JSON corpus {{{1
JSON = {
    # must parse
    "y_object_empty.json": "{}",
    "y_array_empty.json": "[]",
    "y_object_duplicated_key.json": '{"a":"b","a":"c"}',
    "y_object_duplicated_key_and_value.json": '{"a":"b","a":"b"}',
    "y_string_unicode_escapes.json": '["\\u0041\\u00e9\\u4e2d\\ud83d\\ude00"]',
    "y_string_utf8.json": '["Schlüssel ключ 鍵 🔑"]',
    "y_string_escaped_control.json": '["\\u0000\\u001f\\n\\t"]',
    "y_number_big_exponent.json": "[1E400]",
    "y_number_negative_zero.json": "[-0]",
    "y_number_int64_max.json": "[9223372036854775807]",
    "y_number_int64_min.json": "[-9223372036854775808]",
    "y_number_real_fraction.json": "[1.5e-400]",
    "y_structure_whitespace.json": " \t\r\n[ \n1 \n] \n",
    "y_nesting_255.json": "[" * 255 + "]" * 255,
    "y_object_many_types.json": json.dumps({"s": "x", "n": 1, "d": 1.5, "b": True,
                                            "z": None, "o": {"k": []}, "a": [1, "2", None]}),
    # must be refused
    "n_array_trailing_comma.json": "[1,]",
    "n_object_trailing_comma.json": '{"a":1,}',
    "n_object_single_quote.json": "{'a':1}",
    "n_array_unclosed.json": "[1,2",
    "n_object_unclosed.json": '{"a":',
    "n_string_unterminated.json": '["abc',
    "n_string_lone_surrogate.json": '["\\ud800"]',
    "i_object_lone_surrogate_members.json": '{"message":"x\\ud800y","error":"\\udc00","name":"\\ud800","id":"\\ud83d"}',
    "n_string_invalid_escape.json": '["\\x41"]',
    "n_string_raw_control.json": '["a\x01b"]',
    "n_string_invalid_utf8.json": b'["\xff\xfe"]',
    "n_string_overlong_utf8.json": b'["\xc0\xaf"]',
    "n_string_truncated_utf8.json": b'["\xe2\x82"]',
    "n_number_leading_zero.json": "[012]",
    "n_number_nan.json": "[NaN]",
    "n_number_infinity.json": "[Infinity]",
    "n_number_plus.json": "[+1]",
    "n_number_hex.json": "[0x1F]",
    "n_structure_comment.json": "[1] // comment",
    "n_structure_two_roots.json": "[1][2]",
    "n_structure_nul.json": b"[1]\x00",
    "n_structure_bom_only.json": b"\xef\xbb\xbf",
    "n_structure_empty.json": "",
    "n_structure_whitespace_only.json": "  \n ",
    "n_nesting_257.json": "[" * 257 + "]" * 257,
    "n_nesting_1025_open.json": "[" * 1025,
    "n_nesting_objects_1025.json": '{"a":' * 1025 + "1" + "}" * 1025,
    "n_nesting_10000_in_string_then_real.json": '["' + "[" * 10000 + '",' + "[" * 300 + "]" * 300 + "]",
    "n_html_page.json": "<!DOCTYPE html><html><body><h1>It works!</h1></body></html>",
    "n_html_bom.json": b"\xef\xbb\xbf  <html></html>",
    "n_scalar_root_string.json": '"just a string"',
    "n_scalar_root_number.json": "42",
    "n_scalar_root_null.json": "null",
    # up to the parser
    "i_number_huge_int.json": "[100000000000000000000000000000]",
    "i_number_int64_overflow.json": "[9223372036854775808]",
    "i_number_neg_int64_overflow.json": "[-9223372036854775809]",
    "i_number_double_huge.json": "[1.0e308, -1.0e308, 1e309]",
    "i_string_utf16_pair_escaped_reversed.json": '["\\ude00\\ud83d"]',
    "i_structure_bom_json.json": b'\xef\xbb\xbf{"a":1}',
    "i_string_noncharacter.json": '["\\uffff\\ufdd0"]',
}

# Members the mappings read, with hostile values in each.
HOSTILE_VALUES = [None, True, 0, -1, 9223372036854775807, -9223372036854775808,
                  1e308, -1e308, "", "x" * 4096, [], {}, "2025-06-02T09:15:00Z",
                  "not-a-date", "9999-99-99T99:99:99Z", "\u202e\u0000"]


def json_corpus(corpus):
    for name, data in JSON.items():
        write(corpus, name, data)


# Token responses {{{1
def token_corpus():
    json_corpus("token-response")
    good = jwt({"exp": 1700003600, "iat": 1700000000, "email": "dev@example.com",
                "currentOrganizationId": "e7042aab-0e60-46b0-9912-e7045ca1ab1e"})
    cases = {
        "ok_jwt_exp.json": {"access_token": good, "token_type": "Bearer", "expires_in": 3600},
        "ok_expires_in_only.json": {"access_token": "opaque-token-value", "expires_in": 1800},
        "ok_nothing.json": {"access_token": "opaque"},
        "bad_token_number.json": {"access_token": 12345},
        "bad_token_null.json": {"access_token": None},
        "bad_token_empty.json": {"access_token": ""},
        "bad_token_space.json": {"access_token": "has space"},
        "bad_token_newline.json": {"access_token": "line\nbreak"},
        "bad_token_nonascii.json": {"access_token": "tökén"},
        "bad_token_huge.json": {"access_token": "a" * 17000},
        "bad_expires_string.json": {"access_token": "t", "expires_in": "3600"},
        "bad_expires_negative.json": {"access_token": "t", "expires_in": -5},
        "bad_expires_huge.json": {"access_token": "t", "expires_in": 9223372036854775807},
        "bad_expires_double.json": {"access_token": "t", "expires_in": 1e300},
        "bad_expires_2_63.json": '{"access_token":"t","expires_in":9223372036854775808}',
        "bad_exp_2_63.json": {"access_token": jwt('{"exp":9223372036854775808}')},
        "bad_exp_double_2_63.json": {"access_token": jwt('{"exp":9.223372036854775807e18}')},
        "bad_exp_huge.json": {"access_token": jwt({"exp": 10**18})},
        "bad_exp_negative.json": {"access_token": jwt({"exp": -1})},
        "bad_exp_string.json": {"access_token": jwt({"exp": "1700003600"})},
        "bad_root_array.json": [{"access_token": good}],
        "bad_duplicate_token.json": '{"access_token":"first","access_token":"' + good + '"}',
        "bad_error_shape.json": {"error": "invalid_grant", "error_description": "Key deleted"},
    }
    for name, value in cases.items():
        write("token-response", name, value if isinstance(value, str) else json.dumps(value))


# JWTs {{{1
def jwt_corpus():
    cases = {
        "ok_full": jwt({"exp": 1700003600, "email": "dev@example.com",
                        "currentOrganizationId": "e7042aab-0e60-46b0-9912-e7045ca1ab1e"}),
        "ok_no_claims": jwt({}),
        "ok_padding": jwt({"exp": 1}).replace(".", "==.", 1),
        "claims_wrong_types": jwt({"exp": "soon", "email": 5, "currentOrganizationId": ["x"]}),
        "claims_null": jwt({"exp": None, "email": None}),
        "claims_lone_surrogate": jwt('{"email":"\\ud800","currentOrganizationId":"\\udfff"}'),
        "claims_nonascii": jwt({"email": "dév@exämple.com"}),
        "exp_2_63": jwt('{"exp":9223372036854775808}'),
        "exp_double_max": jwt('{"exp":1.7976931348623157e308}'),
        "exp_negative": jwt({"exp": -9223372036854775808}),
        "payload_array": jwt([1, 2]),
        "payload_string": jwt('"str"'),
        "payload_not_json": jwt("not json"),
        "payload_html": jwt("<html>"),
        "payload_invalid_utf8": jwt(b'{"email":"\xff"}'),
        "payload_deep": jwt("[" * 2000),
        "payload_empty": "aGVhZGVy..c2ln",
        "one_dot": "aGVhZGVy.cGF5bG9hZA",
        "no_dot": "opaque-token",
        "many_dots": "a.b.c.d.e",
        "bad_base64": "aGVhZGVy.!!!!.c2ln",
        "base64_plus_slash": "aGVhZGVy.e30+/w.c2ln",
        "base64_one_char": "h.e.s",
        "empty": "",
        "control_chars": "a\x01.b\x7f.c",
    }
    for name, value in cases.items():
        write("jwt", name, value)


# Error bodies {{{1
def error_corpus():
    json_corpus("error-body")
    cases = {
        "oauth.json": {"error": "invalid_grant", "error_description": "Personal access key is not valid or deleted."},
        "error_only.json": {"error": "invalid_request"},
        "message_stack.json": {"message": "The file is too large", "stackTrace": "at Secret.Internal()"},
        "stack_only.json": {"stackTrace": "at Secret.Internal()"},
        "message_control.json": {"message": "line\nbreak\ttab\u0000nul\u001b[31mred"},
        "message_long.json": {"message": "long " * 2000},
        "message_rtl.json": {"message": "\u202egnp.exe"},
        "message_wrong_type.json": {"message": 42, "error": ["x"], "error_description": {"a": 1}},
        "message_empty.json": {"message": "   ", "error": "fallback"},
        "message_multibyte_at_cut.json": {"message": "é" * 400},
        "plain.txt": "Service Unavailable",
        "plain_control.txt": "bad\x01gateway\r\n",
        "plain_invalid_utf8.txt": b"caf\xe9",
        "html_503.html": "<html><head><title>503 Service Temporarily Unavailable</title></head></html>",
        "deep_array.json": "[" * 65000,
        "deep_object.json": '{"a":' * 13000,
    }
    for name, value in cases.items():
        write("error-body", name, value if isinstance(value, (str, bytes)) else json.dumps(value))


# API bodies (the base of every list mapping) {{{1
def json_body_corpus(corpus):
    json_corpus(corpus)
    item = {"id": "bbbb1111-2222-4333-8444-555566667777", "name": "Acme", "createDate": "2025-06-02T09:15:00Z",
            "updateDate": "2025-06-02T09:15:00", "isDefault": True, "count": 3,
            "items": [{"id": "1"}], "settings": {"x": 1}}
    write(corpus, "list_plain.json", json.dumps([item, item]))
    write(corpus, "list_paged.json", json.dumps({"data": [item], "page": 1, "size": 25,
                                                  "totalRecords": 1, "totalPages": 1}))
    for i, value in enumerate(HOSTILE_VALUES):
        hostile = {k: value for k in item}
        write(corpus, f"list_hostile_{i:02d}.json", json.dumps([hostile, item]))
        write(corpus, f"paged_hostile_{i:02d}.json", json.dumps({"data": value, "totalRecords": value}))
    write(corpus, "list_of_scalars.json", json.dumps([1, "a", None, True, []]))
    write(corpus, "list_many.json", json.dumps([item] * 200))


def user_input_corpus():
    cases = {
        "key": "TTk0abcRhNw==",
        "key_padded": "  TTk0abcRhNw==\r\n",
        "key_inner_newline": "TTk0\nabcRhNw==",
        "key_nonascii": "Schlüssel",
        "key_invalid_utf8": b"k\xffey",
        "key_control": "a\x01b",
        "key_long": "A" * 9000,
        "host": "https://api.appcircle.io",
        "host_slash": "https://api.example.com/",
        "host_slashes": "https://api.example.com///",
        "host_path": "https://api.example.com/api/v2",
        "host_query": "https://api.example.com/?a=b",
        "host_fragment": "https://api.example.com#x",
        "host_userinfo": "https://user:pa55@api.example.com",
        "host_port": "http://127.0.0.1:8080",
        "host_ipv6": "https://[::1]:8443",
        "host_upper": "HTTPS://API.Example.COM",
        "host_no_scheme": "api.example.com",
        "host_ftp": "ftp://api.example.com",
        "host_empty_host": "https://",
        "host_spaces": "  https://api.example.com  ",
        "host_idn": "https://bücher.example",
        "host_percent": "https://api%2eexample.com",
        "host_bad_port": "https://api.example.com:99999",
    }
    for name, value in cases.items():
        write("user-input", name, value)


if __name__ == "__main__":
    shutil.rmtree(os.path.join(HERE, "corpus"), ignore_errors=True)
    token_corpus()
    jwt_corpus()
    error_corpus()
    json_body_corpus("json-body")
    json_body_corpus("list")
    user_input_corpus()
