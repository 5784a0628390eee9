//! Next-best-offers: which offers a member should see now on a surface, ranked, each with
//! the reasons it was chosen, and for every other offer the first reason it was dropped.

pub mod experiment;
