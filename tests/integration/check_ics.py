"""Parses a calendar with the python icalendar library (Debian's python3-icalendar) and
prints what the integration test checks, as JSON."""
import json
import sys

from icalendar import Calendar

with open(sys.argv[1], "rb") as f:
    cal = Calendar.from_ical(f.read())
events = [c for c in cal.walk("VEVENT")]
out = {"events": []}
for e in events:
    rrule = e.get("RRULE")
    start = e.decoded("DTSTART")
    until = rrule.get("UNTIL")[0]
    out["events"].append({
        "summary": str(e.get("SUMMARY")),
        "description": str(e.get("DESCRIPTION")),
        "location": str(e.get("LOCATION")),
        "dtstart": start.isoformat(),
        "freq": rrule.get("FREQ")[0],
        "byday": list(rrule.get("BYDAY")),
        "until": until.isoformat(),
        "alarms": [str(a.get("ACTION")) for a in e.walk("VALARM")],
    })
print(json.dumps(out))
