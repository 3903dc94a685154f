/*
 * names.h - column names that are safe everywhere (--safe-names).
 *
 * A safe name is lowercase snake_case ASCII: letters, digits and single
 * underscores, never a leading digit or a leading or trailing underscore,
 * so it works unquoted in SQL, as a Python or R identifier, and in a shell
 * variable.  camelCase is split ("orderID" -> "order_id", "HTTPServer" ->
 * "http_server"), accented Latin letters are folded ("Prénom" -> "prenom",
 * "Straße" -> "strasse"), any other run of characters becomes one '_', a
 * leading digit gets an "x" ("1st" -> "x1st"), a name left empty becomes
 * "c<N>" for its 1-based position, and names that come out equal get
 * "_2", "_3", ... in order, skipping names already in use.
 */
#ifndef WEIR_NAMES_H
#define WEIR_NAMES_H

#include <stddef.h>

/*
 * Rewrite names[0..n) in place.  Each names[i] is malloc'd and holds
 * lens[i] bytes (a NUL after them is not needed); a name that changes is
 * freed and replaced by a malloc'd, NUL-terminated one, and lens[i] is
 * updated.  Returns how many names changed.
 */
size_t	weir_safe_names(char **names, size_t *lens, size_t n);

#endif
