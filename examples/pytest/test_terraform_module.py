"""A Terraform module test: the repository's quickstart example applies, plans clean and
destroys against the mock."""

from pathlib import Path

QUICKSTART = Path(__file__).resolve().parent.parent / "quickstart"


def test_the_quickstart_module_applies_plans_clean_and_destroys(vpcmock):
    tf = vpcmock.terraform(QUICKSTART)
    tf.init()
    tf.apply()
    assert vpcmock.state() == {"backup_policies": 1, "plans": 1, "volumes": 2}
    assert tf.plan().returncode == 0
    tf.destroy()
    assert vpcmock.state() == {}
