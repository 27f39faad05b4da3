"""Protocol A of ../shared/data/README.md as numeric CSVs for the CLI (docs/models.md, "Real data"):
the Telco text columns turned into the numbers tests/model/telco.hpp makes (yes/no -> 1/0, contract
-> 1/12/24 months, internet service and payment method -> flags), the 11 rows with total_charges NA
dropped; test.csv holds the held-out rows listed in tests/data/model_telco_split.txt (scikit-learn's
stratified split), train.csv the others, all.csv every kept row in file order.

    python3 docs/examples/telco_numeric.py .      # from the repository root; writes into the current folder

The raw file needs no such step with docs/examples/telco-raw-start.json (text categories, docs/models.md);
this script is kept for the numeric route and for protocol A's split, which the CLI cannot select."""
import csv
import sys

repo = sys.argv[1] if len(sys.argv) > 1 else "."
rows = list(csv.DictReader(open(f"{repo}/tests/data/telco_churn.csv", newline="")))
test = set()
for line in open(f"{repo}/tests/data/model_telco_split.txt"):
    if line.startswith("test "):
        test.update(int(x) for x in line.split()[1:])
yes = lambda s: 1 if s == "Yes" else 0
cols = ["account_id", "tenure", "contract_months", "online_security", "tech_support", "online_backup",
        "device_protection", "monthly_charges", "total_charges", "fiber_optic", "no_internet",
        "electronic_check", "paperless_billing", "senior_citizen", "partner", "dependents", "churn"]
files = {name: open(f"{name}.csv", "w", newline="") for name in ("train", "test", "all")}
out = {name: csv.writer(f) for name, f in files.items()}
for w in out.values():
    w.writerow(cols)
for i, r in enumerate(rows):
    if r["total_charges"] == "NA":
        continue
    c = r["contract"]
    row = [
        f"row{i}", r["tenure"], 24 if c == "Two year" else 12 if c == "One year" else 1,
        yes(r["online_security"]), yes(r["tech_support"]), yes(r["online_backup"]), yes(r["device_protection"]),
        r["monthly_charges"], r["total_charges"], int(r["internet_service"] == "Fiber optic"),
        int(r["internet_service"] == "No"), int(r["payment_method"] == "Electronic check"),
        r["paperless_billing"], r["senior_citizen"], r["partner"], r["dependents"], yes(r["churn"])]
    out["test" if i in test else "train"].writerow(row)
    out["all"].writerow(row)
for f in files.values():
    f.close()
