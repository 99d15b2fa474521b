/* Reads .ics files with libical, the iCalendar library of Evolution, KDE PIM and many servers,
 * and runs its RFC 5546 restriction check (icalrestriction_check) on each VCALENDAR: what a
 * METHOD (here PUBLISH) requires of every component, e.g. exactly one ORGANIZER per VEVENT.
 *
 * Usage: check FILE.ics [...], or check with the paths on standard input, one a line.
 * Prints one line per problem, "FILE: COMPONENT UID: message", for what libical could not parse
 * and for every restriction broken. Exit status: 0 none, 1 some, 2 a file could not be read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

static char *read_file(const char *path) {
  FILE *file = fopen(path, "rb");
  if (!file) return NULL;
  size_t size = 0, capacity = 1 << 16;
  char *data = malloc(capacity);
  size_t got;
  while (data && (got = fread(data + size, 1, capacity - size - 1, file)) > 0) {
    size += got;
    if (capacity - size < 2) {
      char *bigger = realloc(data, capacity *= 2);
      if (!bigger) free(data);
      data = bigger;
    }
  }
  int failed = ferror(file);
  fclose(file);
  if (!data || failed) {
    free(data);
    return NULL;
  }
  data[size] = '\0';
  return data;
}

/* Print every X-LIC-ERROR property in `component` and its subcomponents; returns how many. */
static int report(const char *path, icalcomponent *component, const char *stage) {
  int count = 0;
  const char *uid = icalcomponent_get_first_property(component, ICAL_UID_PROPERTY)
                        ? icalcomponent_get_uid(component) : NULL;
  for (icalproperty *p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY); p;
       p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)) {
    printf("%s: %s %s: %s: %s\n", path, icalcomponent_kind_to_string(icalcomponent_isa(component)),
           uid ? uid : "-", stage, icalproperty_get_xlicerror(p));
    count++;
  }
  for (icalcomponent *c = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)) {
    count += report(path, c, stage);
  }
  return count;
}

static int check(const char *path, int *unreadable) {
  char *text = read_file(path);
  if (!text) {
    fprintf(stderr, "%s: cannot read\n", path);
    (*unreadable)++;
    return 0;
  }
  icalcomponent *root = icalparser_parse_string(text);
  free(text);
  if (!root || icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT) {
    printf("%s: - -: parse: not one VCALENDAR\n", path);
    if (root) icalcomponent_free(root);
    return 1;
  }
  int problems = report(path, root, "parse");
  icalcomponent_strip_errors(root);
  if (!icalrestriction_check(root)) {
    int found = report(path, root, "restriction");
    problems += found ? found : 1;
    if (!found) printf("%s: VCALENDAR -: restriction: failed without saying why\n", path);
  }
  icalcomponent_free(root);
  return problems;
}

int main(int argc, char **argv) {
  int problems = 0, unreadable = 0, files = 0;
  if (argc > 1) {
    for (int i = 1; i < argc; i++, files++) problems += check(argv[i], &unreadable);
  } else {
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
      line[strcspn(line, "\r\n")] = '\0';
      if (line[0]) {
        problems += check(line, &unreadable);
        files++;
      }
    }
  }
  fprintf(stderr, "libical: %d files, %d problems\n", files, problems);
  return unreadable ? 2 : problems ? 1 : 0;
}
