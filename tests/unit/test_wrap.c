/* test_wrap.c - text wraps at the width asked for and never cuts a name:
 * the wrapping helper itself, and the full analysis of the built-in scenario
 * at the default width and at a narrow one. */
#include "support.h"
#include "render/text.h"

#include <string.h>

static void test_wrap_helper(void **state)
{
    (void)state;
    acc__str s = {0};
    acc__str_puts(&s, "  x: ");
    acc__wrap(&s, "one two three \"a quoted condition\" four", 5, 4, 20);
    assert_string_equal(s.data, "  x: one two three\n    \"a quoted condition\"\n    four\n");
    acc__str_free(&s);
    /* ANSI codes take no columns; UTF-8 characters take one each */
    acc__wrap(&s, "\033[1mbold\033[0m \xC3\xA9t\xC3\xA9 word", 0, 0, 13);
    assert_string_equal(s.data, "\033[1mbold\033[0m \xC3\xA9t\xC3\xA9 word\n");
    assert_int_equal(acc__column(&(acc__str){.data = (char *)"ab\n\033[1mcd", .len = 9}), 2);
    acc__str_free(&s);
}

/* Every line of the analysis within `width`, and the deciding provisions'
 * full names in it. */
static void check_width(const accord_model *m, const accord_analysis *a, size_t width)
{
    accord_render_options ro = {.format = ACCORD_FORMAT_TEXT, .width = width};
    char *text = NULL;
    assert_int_equal(accord_analysis_render(m, a, &ro, &text), ACCORD_OK);
    size_t line = 1, over = 0;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n"), cols = 0;
        for (size_t k = 0; k < len; k++)
            cols += ((unsigned char)p[k] & 0xC0) != 0x80;
        if (cols > width) {
            print_message("line %zu has %zu columns: %.*s\n", line, cols, (int)len, p);
            over++;
        }
        p += len + (p[len] == '\n');
        line++;
    }
    assert_int_equal(over, 0);
    assert_non_null(strstr(text, "The part of Donetsk oblast that Ukraine holds"));
    assert_null(strstr(text, "obl..."));
    accord_free(text);
}

static void test_analysis_width(void **state)
{
    (void)state;
    accord_model *m = load_builtin();
    accord_analysis_options o;
    accord_analysis_options_init(&o);
    o.samples = 50;
    accord_analysis *a = NULL;
    assert_int_equal(accord_analysis_compute(m, &o, &a, NULL), ACCORD_OK);
    check_width(m, a, 100);
    accord_analysis_free(a);
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrap_helper),
        cmocka_unit_test(test_analysis_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
