"""Site learning on Spark (local[2]): grouped on the site, the same as the library."""

from test_sites import page

from cleaner import Cleaner
from cleaner.sites import SiteProfiles
from cleaner.spark import clean_dataframe, learn_profiles


def test_spark_learns_what_the_library_learns_and_cleans_alike(spark):
    rows = [(n, f"https://courier.example/{n}", page(n)) for n in range(7)]
    rows += [(100 + n, f"https://gazette.example/{n}", page(100 + n)) for n in range(2)]
    df = spark.createDataFrame(rows, "id long, url string, text string")
    learned = learn_profiles(df, sites="url")
    local = SiteProfiles.learn([(u.split("/")[2], t) for _, u, t in rows], by="url")
    assert {s: p.to_json() for s, p in learned.sites.items()} == {
        s: p.to_json() for s, p in local.sites.items()
    }
    out = {r["id"]: r for r in clean_dataframe(df, sites="url", prefix="c_").collect()}
    cleaner = Cleaner(site_profiles=local)
    for n, url, text in rows:
        expected = cleaner.clean(text, site=url.split("/")[2])
        assert out[n]["c_body"] == expected.body
    assert "tip line" not in out[3]["c_body"]
    assert "tip line" in out[101]["c_body"]  # two pages: nothing learned
