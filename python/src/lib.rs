//! The Python boundary of tierwise: the core's JSON entry points, the model fits and the
//! batch scorer behind `tierwise.spark`. Inputs cross as JSON text (the Python layer
//! serialises dicts), results come back as the same JSON text the npm package parses, so
//! every runtime gives the same bytes. Errors become `tierwise.TierwiseError` with `code`,
//! `path` and `issues`. Nothing here panics on input.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;
use tierwise::contact::PlanStatus;
use tierwise::engine::{EvaluateOptions, PopulationOptions};
use tierwise::error::Error;
use tierwise::scores::fit;
use tierwise::snapshot::Snapshot;
use tierwise::Engine;

/// The package's default program, as JSON text.
const DEFAULT_PROGRAM: &str = include_str!("../../src/defaults/program.json");
/// The default personas, as JSON text.
const DEFAULT_PERSONAS: &str = include_str!("../../src/defaults/personas.json");

/// `tierwise.TierwiseError` built from the core's error (its JSON form, so the Python
/// object carries exactly what the npm package's error carries).
fn to_py_error(py: Python<'_>, error: &Error) -> PyErr {
    let text = tierwise::json::write::to_json_text(error);
    let built = py
        .import("tierwise._errors")
        .and_then(|module| module.getattr("TierwiseError"))
        .and_then(|class| class.call_method1("_from_json", (text,)));
    match built {
        Ok(value) => PyErr::from_value(value),
        Err(error) => error,
    }
}

fn text_result(py: Python<'_>, value: Result<String, Error>) -> PyResult<String> {
    value.map_err(|error| to_py_error(py, &error))
}

/// A compiled program: compile once, evaluate many members.
#[pyclass(frozen, module = "tierwise._tierwise")]
struct NativeEngine {
    inner: Engine,
}

#[pymethods]
impl NativeEngine {
    #[new]
    fn new(py: Python<'_>, program: &str) -> PyResult<NativeEngine> {
        let inner = py.detach(|| Engine::compile_json(program));
        inner.map(|inner| NativeEngine { inner }).map_err(|error| to_py_error(py, &error))
    }

    fn facts(&self, py: Python<'_>, snapshot: &str, options: &str) -> PyResult<String> {
        text_result(py, py.detach(|| self.inner.facts_json(snapshot, options)))
    }

    fn evaluate(&self, py: Python<'_>, snapshot: &str, options: &str) -> PyResult<String> {
        text_result(py, py.detach(|| self.inner.evaluate_json(snapshot, options)))
    }

    fn next_best_offers(&self, py: Python<'_>, snapshot: &str, options: &str) -> PyResult<String> {
        text_result(py, py.detach(|| self.inner.next_best_offers_json(snapshot, options)))
    }

    fn contact_plan(&self, py: Python<'_>, snapshot: &str, options: &str) -> PyResult<String> {
        text_result(py, py.detach(|| self.inner.contact_plan_json(snapshot, options)))
    }

    fn preview_points(&self, py: Python<'_>, snapshot: &str, cart: &str, options: &str) -> PyResult<String> {
        text_result(py, py.detach(|| self.inner.preview_points_json(snapshot, cart, options)))
    }

    fn tier_progress(&self, py: Python<'_>, snapshot: &str, options: &str) -> PyResult<String> {
        text_result(py, py.detach(|| self.inner.tier_progress_json(snapshot, options)))
    }

    fn tier_progress_after_cart(&self, py: Python<'_>, snapshot: &str, cart: &str, options: &str) -> PyResult<String> {
        text_result(py, py.detach(|| self.inner.tier_progress_after_cart_json(snapshot, cart, options)))
    }

    fn program(&self, py: Python<'_>) -> PyResult<String> {
        text_result(py, self.inner.program_info_json())
    }

    fn warnings(&self) -> String {
        tierwise::json::write::to_json_text(self.inner.warnings())
    }

    fn rfm_breakpoints(&self, py: Python<'_>, snapshots: &str, options: &str) -> PyResult<String> {
        text_result(py, py.detach(|| self.inner.rfm_breakpoints_json(snapshots, options)))
    }

    /// The outbound channels of the program's `contact_policy`, in its order (none
    /// without a policy): the channels `score_batch` adds `send_<channel>` columns for.
    fn outbound_channels(&self) -> Vec<String> {
        self.inner.outbound_channels().into_iter().map(str::to_string).collect()
    }

    /// The surfaces of the program as `(id, channel, channel_consent)`.
    fn surfaces(&self) -> Vec<(String, String, Option<String>)> {
        self.inner.surfaces().iter().map(|s| (s.id.clone(), s.channel.clone(), s.channel_consent.clone())).collect()
    }

    /// Scores a batch of snapshots (JSON text, `None` for a missing one) at the moment in
    /// `options` (`{"now": …}`): a dict of equally long column lists (see
    /// `tierwise/spark.py` for the columns) with the best offer of each of `surfaces` and,
    /// with a `contact_policy`, the contact plan of each outbound channel.
    fn score_batch<'py>(&self, py: Python<'py>, snapshots: Vec<Option<String>>, options: &str, surfaces: Vec<String>) -> PyResult<Bound<'py, PyDict>> {
        let options = tierwise::engine::read_options(options).map_err(|error| to_py_error(py, &error))?;
        let columns = py.detach(|| score_rows(&self.inner, &snapshots, &options, &surfaces));
        columns.into_dict(py)
    }

    /// Per snapshot, the purchase history the model fits read, in days
    /// `(x, t_x, t, repeat mean value in minor units)` (`None` without a qualifying
    /// order or when the snapshot is invalid), and the RFM inputs
    /// `(recency_days, frequency, monetary)` (`None` when the snapshot is invalid).
    #[allow(clippy::type_complexity)]
    fn model_inputs(
        &self,
        py: Python<'_>,
        snapshots: Vec<Option<String>>,
        options: &str,
    ) -> PyResult<(Vec<Option<(i64, i64, i64, f64)>>, Vec<Option<(Option<i64>, i64, i64)>>)> {
        let options: PopulationOptions = tierwise::read::parse_str(options, "/options").map_err(|error| to_py_error(py, &error))?;
        Ok(py.detach(|| {
            let mut histories = Vec::with_capacity(snapshots.len());
            let mut rfm = Vec::with_capacity(snapshots.len());
            for text in &snapshots {
                match text.as_deref().map(|text| self.read_snapshot(text)) {
                    Some(Ok(snapshot)) => {
                        let inputs = self.inner.model_inputs(&snapshot, options.now);
                        histories.push(inputs.history.map(|h| (i64::from(h.repeat_purchases), h.days_to_last_purchase, h.days_since_first_purchase, h.repeat_mean_value)));
                        rfm.push(Some((inputs.rfm.recency_days, inputs.rfm.frequency, inputs.rfm.monetary)));
                    }
                    _ => {
                        histories.push(None);
                        rfm.push(None);
                    }
                }
            }
            (histories, rfm)
        }))
    }
}

impl NativeEngine {
    fn read_snapshot(&self, text: &str) -> Result<Snapshot, Error> {
        let snapshot = Snapshot::from_json(text)?;
        self.inner.check_snapshot(&snapshot)?;
        Ok(snapshot)
    }
}

/// The columns of a scored batch.
#[derive(Default)]
struct Columns {
    member_id: Vec<Option<String>>,
    tier: Vec<Option<String>>,
    tier_next: Vec<Option<String>>,
    tier_progress: Vec<Option<f64>>,
    segment: Vec<Option<String>>,
    tags: Vec<Option<Vec<String>>>,
    rfm_r: Vec<Option<i64>>,
    rfm_f: Vec<Option<i64>>,
    rfm_m: Vec<Option<i64>>,
    rfm_cell: Vec<Option<String>>,
    recency_days: Vec<Option<i64>>,
    frequency: Vec<Option<i64>>,
    monetary: Vec<Option<i64>>,
    p_alive: Vec<Option<f64>>,
    expected_orders_90d: Vec<Option<f64>>,
    expected_order_value: Vec<Option<i64>>,
    clv: Vec<Option<i64>>,
    days_since_join: Vec<Option<i64>>,
    days_since_first_order: Vec<Option<i64>>,
    days_since_last_order: Vec<Option<i64>>,
    orders_total: Vec<Option<i64>>,
    lifecycle_stage: Vec<Option<String>>,
    churn_risk: Vec<Option<String>>,
    churn_signals: Vec<Option<Vec<String>>>,
    offers: Vec<(String, Vec<Option<String>>)>,
    sends: Vec<SendColumns>,
    error_code: Vec<Option<String>>,
    error_path: Vec<Option<String>>,
}

/// The contact plan's columns of one outbound channel: `send_<channel>`,
/// `send_<channel>_status` and `send_<channel>_next_at`.
struct SendColumns {
    channel: String,
    offer: Vec<Option<String>>,
    status: Vec<Option<String>>,
    next_at: Vec<Option<String>>,
}

/// One channel's plan as columns: the offer to send now, the status, the next moment.
type ChannelSend = (Option<String>, &'static str, Option<String>);

fn status_text(status: PlanStatus) -> &'static str {
    match status {
        PlanStatus::Send => "send",
        PlanStatus::Wait => "wait",
        PlanStatus::Blocked => "blocked",
        PlanStatus::Idle => "idle",
    }
}

fn field<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |value, key| value.get(key))
}
fn string_at(value: &Value, path: &[&str]) -> Option<String> {
    field(value, path).and_then(Value::as_str).map(str::to_string)
}
fn int_at(value: &Value, path: &[&str]) -> Option<i64> {
    field(value, path).and_then(Value::as_i64)
}
fn float_at(value: &Value, path: &[&str]) -> Option<f64> {
    field(value, path).and_then(Value::as_f64)
}
fn strings_at(value: &Value, path: &[&str]) -> Option<Vec<String>> {
    field(value, path).and_then(Value::as_array).map(|items| items.iter().filter_map(Value::as_str).map(str::to_string).collect())
}

/// One member's row: facts, tier progress, the best offer per surface and the contact
/// plan per outbound channel (in the order of `Engine::outbound_channels`).
struct Row {
    facts: Value,
    tier_next: Option<String>,
    tier_progress: Option<f64>,
    offers: Vec<Option<String>>,
    sends: Vec<Option<ChannelSend>>,
}

fn score_one(engine: &Engine, text: &str, options: &EvaluateOptions, surfaces: &[String], channels: &[&str]) -> Result<Row, Error> {
    let snapshot = Snapshot::from_json(text)?;
    engine.check_snapshot(&snapshot)?;
    let options = EvaluateOptions { limit: Some(1), ..options.clone() };
    let row = engine.campaign_row(&snapshot, &options, surfaces)?;
    let (tier_next, tier_progress) = match &row.tier {
        Some(progress) => (progress.next.as_ref().map(|next| next.id.clone()), Some(progress.next.as_ref().map_or(1.0, |next| next.progress))),
        None => (None, None),
    };
    let offers = row.offers.iter().map(|result| result.offers.first().map(|offer| offer.id.clone())).collect();
    let plans = row.contact_plan.as_ref().map_or(&[][..], |plan| plan.channels.as_slice());
    let sends = channels
        .iter()
        .map(|channel| {
            let plan = plans.iter().find(|plan| plan.channel == *channel)?;
            Some((plan.offer.as_ref().map(|offer| offer.id.clone()), status_text(plan.status), plan.next_at.map(|at| at.to_string())))
        })
        .collect();
    Ok(Row { facts: row.facts, tier_next, tier_progress, offers, sends })
}

fn score_rows(engine: &Engine, snapshots: &[Option<String>], options: &EvaluateOptions, surfaces: &[String]) -> Columns {
    let channels = engine.outbound_channels();
    let sends = channels
        .iter()
        .map(|channel| SendColumns { channel: channel.to_string(), offer: Vec::with_capacity(snapshots.len()), status: Vec::with_capacity(snapshots.len()), next_at: Vec::with_capacity(snapshots.len()) })
        .collect();
    let mut columns = Columns { offers: surfaces.iter().map(|s| (s.clone(), Vec::with_capacity(snapshots.len()))).collect(), sends, ..Columns::default() };
    for text in snapshots {
        let outcome = match text {
            Some(text) => score_one(engine, text, options, surfaces, &channels),
            None => Err(Error::one(tierwise::error::Code::MissingField, "", "the snapshot is missing (null)")),
        };
        let (row, error) = match outcome {
            Ok(row) => (Some(row), None),
            Err(error) => (None, Some(error)),
        };
        let facts = row.as_ref().map_or(&Value::Null, |row| &row.facts);
        columns.member_id.push(string_at(facts, &["member_id"]));
        columns.tier.push(string_at(facts, &["tier"]));
        columns.tier_next.push(row.as_ref().and_then(|row| row.tier_next.clone()));
        columns.tier_progress.push(row.as_ref().and_then(|row| row.tier_progress));
        columns.segment.push(string_at(facts, &["segment"]));
        columns.tags.push(strings_at(facts, &["tags"]));
        columns.rfm_r.push(int_at(facts, &["rfm", "r"]));
        columns.rfm_f.push(int_at(facts, &["rfm", "f"]));
        columns.rfm_m.push(int_at(facts, &["rfm", "m"]));
        columns.rfm_cell.push(string_at(facts, &["rfm", "cell"]));
        columns.recency_days.push(int_at(facts, &["rfm", "recency_days"]));
        columns.frequency.push(int_at(facts, &["rfm", "frequency"]));
        columns.monetary.push(int_at(facts, &["rfm", "monetary"]));
        columns.p_alive.push(float_at(facts, &["p_alive"]));
        columns.expected_orders_90d.push(float_at(facts, &["expected_orders_90d"]));
        columns.expected_order_value.push(int_at(facts, &["expected_order_value"]));
        columns.clv.push(int_at(facts, &["clv"]));
        columns.days_since_join.push(int_at(facts, &["days_since_join"]));
        columns.days_since_first_order.push(int_at(facts, &["days_since_first_order"]));
        columns.days_since_last_order.push(int_at(facts, &["days_since_last_order"]));
        columns.orders_total.push(int_at(facts, &["orders_total"]));
        columns.lifecycle_stage.push(string_at(facts, &["lifecycle_stage"]));
        columns.churn_risk.push(string_at(facts, &["churn", "risk"]));
        columns.churn_signals.push(strings_at(facts, &["churn", "signals"]));
        for (index, (_, list)) in columns.offers.iter_mut().enumerate() {
            list.push(row.as_ref().and_then(|row| row.offers.get(index).cloned().flatten()));
        }
        for (index, send) in columns.sends.iter_mut().enumerate() {
            let plan = row.as_ref().and_then(|row| row.sends.get(index).cloned().flatten());
            let (offer, status, next_at) = match plan {
                Some((offer, status, next_at)) => (offer, Some(status.to_string()), next_at),
                None => (None, None, None),
            };
            send.offer.push(offer);
            send.status.push(status);
            send.next_at.push(next_at);
        }
        columns.error_code.push(error.as_ref().map(|e| e.code().as_str().to_string()));
        columns.error_path.push(error.as_ref().map(|e| e.path().to_string()));
    }
    columns
}

impl Columns {
    fn into_dict(self, py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("member_id", self.member_id)?;
        dict.set_item("tier", self.tier)?;
        dict.set_item("tier_next", self.tier_next)?;
        dict.set_item("tier_progress", self.tier_progress)?;
        dict.set_item("segment", self.segment)?;
        dict.set_item("tags", self.tags)?;
        dict.set_item("rfm_r", self.rfm_r)?;
        dict.set_item("rfm_f", self.rfm_f)?;
        dict.set_item("rfm_m", self.rfm_m)?;
        dict.set_item("rfm_cell", self.rfm_cell)?;
        dict.set_item("recency_days", self.recency_days)?;
        dict.set_item("frequency", self.frequency)?;
        dict.set_item("monetary", self.monetary)?;
        dict.set_item("p_alive", self.p_alive)?;
        dict.set_item("expected_orders_90d", self.expected_orders_90d)?;
        dict.set_item("expected_order_value", self.expected_order_value)?;
        dict.set_item("clv", self.clv)?;
        dict.set_item("days_since_join", self.days_since_join)?;
        dict.set_item("days_since_first_order", self.days_since_first_order)?;
        dict.set_item("days_since_last_order", self.days_since_last_order)?;
        dict.set_item("orders_total", self.orders_total)?;
        dict.set_item("lifecycle_stage", self.lifecycle_stage)?;
        dict.set_item("churn_risk", self.churn_risk)?;
        dict.set_item("churn_signals", self.churn_signals)?;
        for (surface, list) in self.offers {
            dict.set_item(format!("offer_{surface}"), list)?;
        }
        for send in self.sends {
            dict.set_item(format!("send_{}", send.channel), send.offer)?;
            dict.set_item(format!("send_{}_status", send.channel), send.status)?;
            dict.set_item(format!("send_{}_next_at", send.channel), send.next_at)?;
        }
        dict.set_item("error_code", self.error_code)?;
        dict.set_item("error_path", self.error_path)?;
        Ok(dict)
    }
}

fn fit_outcome<T: tierwise::json::write::ToJson>(py: Python<'_>, value: Result<T, Error>) -> PyResult<String> {
    value.map(|fit| tierwise::json::write::to_json_text(&fit)).map_err(|error| to_py_error(py, &error))
}

/// BG/NBD maximum-likelihood fit; returns the fit as JSON text.
#[pyfunction]
#[pyo3(signature = (x, t_x, t, weights=None))]
fn fit_bgnbd(py: Python<'_>, x: Vec<f64>, t_x: Vec<f64>, t: Vec<f64>, weights: Option<Vec<f64>>) -> PyResult<String> {
    fit_outcome(py, py.detach(|| fit::fit_bgnbd(&x, &t_x, &t, weights.as_deref())))
}

/// Gamma-Gamma maximum-likelihood fit; returns the fit as JSON text.
#[pyfunction]
#[pyo3(signature = (x, monetary_value, weights=None))]
fn fit_gamma_gamma(py: Python<'_>, x: Vec<f64>, monetary_value: Vec<f64>, weights: Option<Vec<f64>>) -> PyResult<String> {
    fit_outcome(py, py.detach(|| fit::fit_gamma_gamma(&x, &monetary_value, weights.as_deref())))
}

/// The BG/NBD log-likelihood at given parameters (JSON text `{r, alpha, a, b}`).
#[pyfunction]
#[pyo3(signature = (params, x, t_x, t, weights=None))]
fn bgnbd_log_likelihood(py: Python<'_>, params: &str, x: Vec<f64>, t_x: Vec<f64>, t: Vec<f64>, weights: Option<Vec<f64>>) -> PyResult<f64> {
    let outcome = tierwise::read::parse_str(params, "/params").and_then(|params| fit::bgnbd_log_likelihood(&params, &x, &t_x, &t, weights.as_deref()));
    outcome.map_err(|error| to_py_error(py, &error))
}

/// The Gamma-Gamma log-likelihood at given parameters (JSON text `{p, q, gamma}`).
#[pyfunction]
#[pyo3(signature = (params, x, monetary_value, weights=None))]
fn gamma_gamma_log_likelihood(py: Python<'_>, params: &str, x: Vec<f64>, monetary_value: Vec<f64>, weights: Option<Vec<f64>>) -> PyResult<f64> {
    let outcome = tierwise::read::parse_str(params, "/params").and_then(|params| fit::gamma_gamma_log_likelihood(&params, &x, &monetary_value, weights.as_deref()));
    outcome.map_err(|error| to_py_error(py, &error))
}

/// The nearest-rank quintile breakpoints of one column (`rfmBreakpoints` applies this to
/// each of recency, frequency and monetary).
#[pyfunction]
fn quintile_breakpoints(values: Vec<i64>) -> [i64; 4] {
    tierwise::scores::quintile_breakpoints(&values)
}

/// The default program and personas as JSON text.
#[pyfunction]
fn defaults() -> (&'static str, &'static str) {
    (DEFAULT_PROGRAM, DEFAULT_PERSONAS)
}

/// The version of the core crate.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _tierwise(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<NativeEngine>()?;
    module.add_function(wrap_pyfunction!(fit_bgnbd, module)?)?;
    module.add_function(wrap_pyfunction!(fit_gamma_gamma, module)?)?;
    module.add_function(wrap_pyfunction!(bgnbd_log_likelihood, module)?)?;
    module.add_function(wrap_pyfunction!(gamma_gamma_log_likelihood, module)?)?;
    module.add_function(wrap_pyfunction!(quintile_breakpoints, module)?)?;
    module.add_function(wrap_pyfunction!(defaults, module)?)?;
    module.add_function(wrap_pyfunction!(version, module)?)?;
    Ok(())
}
