"""`kpi report`: a self-contained HTML report of a period's results (`page.py`), with charts drawn
by matplotlib as inline SVG (`charts.py`)."""
