"""The Terraform side of vpcmock: a provider speaking the IBM provider's HCL, generated from
one Python declaration per resource type, and the tooling to run a real Terraform offline."""
