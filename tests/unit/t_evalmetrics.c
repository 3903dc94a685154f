/*
 * t_evalmetrics.c - weir-audit model's figures against scikit-learn 1.2.1:
 * every number below was computed once by this script (python3-sklearn;
 * Fairlearn's between-group definitions by hand) and must match to 1e-9.
 *
 *	import numpy as np
 *	from sklearn import metrics as M
 *	from sklearn.calibration import calibration_curve
 *	rng = np.random.RandomState(7)
 *	# binary, scores with ties (2 decimals)
 *	yb = rng.randint(0, 2, 40)
 *	sb = np.round(np.clip(0.35*yb + rng.rand(40)*0.65, 0, 1), 1)
 *	pb = (sb >= 0.5).astype(int)
 *	# multiclass
 *	yk = rng.randint(0, 3, 30)
 *	raw = rng.rand(30, 3) + np.eye(3)[yk] * 0.8
 *	pk = raw / raw.sum(1, keepdims=True)
 *	predk = pk.argmax(1)
 *	# regression
 *	yr = rng.rand(25) * 10 - 2
 *	prr = yr + rng.randn(25)
 *	g = rng.randint(0, 3, 40)
 *	def arr(name, a, fmt):
 *	    print("static const %s %s[] = {" % ("int" if fmt == "%d" else "double", name))
 *	    s = ", ".join(fmt % x for x in a.ravel())
 *	    import textwrap
 *	    for line in textwrap.wrap(s, 68): print("\t" + line)
 *	    print("};")
 *	arr("yb", yb, "%d"); arr("sb", sb, "%.17g"); arr("pb", pb, "%d")
 *	arr("yk", yk, "%d"); arr("pk", pk, "%.17g"); arr("predk", predk, "%d")
 *	arr("yr", yr, "%.17g"); arr("prr", prr, "%.17g"); arr("grp", g, "%d")
 *	def v(name, x): print("#define %s %.17g" % (name, x))
 *	v("B_ACC", M.accuracy_score(yb, pb)); v("B_BACC", M.balanced_accuracy_score(yb, pb))
 *	v("B_AUC", M.roc_auc_score(yb, sb)); v("B_AP", M.average_precision_score(yb, sb))
 *	v("B_BRIER", M.brier_score_loss(yb, sb)); v("B_LOGLOSS", M.log_loss(yb, np.c_[1-sb, sb]))
 *	pt, pp = calibration_curve(yb, sb, n_bins=10)
 *	bins = np.linspace(0,1,11); ids = np.searchsorted(bins[1:-1], sb); cnt = np.bincount(ids, minlength=10)
 *	ece = sum(cnt[cnt>0]/len(sb) * np.abs(pt - pp))
 *	v("B_ECE", ece)
 *	v("K_ACC", M.accuracy_score(yk, predk)); v("K_BACC", M.balanced_accuracy_score(yk, predk))
 *	p, r, f, s = M.precision_recall_fscore_support(yk, predk, zero_division=0)
 *	for i in range(3): v("K_P%d" % i, p[i]); v("K_R%d" % i, r[i]); v("K_F%d" % i, f[i])
 *	for avg in ("macro", "weighted"):
 *	    p, r, f, _ = M.precision_recall_fscore_support(yk, predk, average=avg, zero_division=0)
 *	    v("K_P_" + avg.upper(), p); v("K_R_" + avg.upper(), r); v("K_F_" + avg.upper(), f)
 *	v("K_LOGLOSS", M.log_loss(yk, pk)); v("K_AUC_MACRO", M.roc_auc_score(yk, pk, multi_class="ovr", average="macro"))
 *	v("K_AUC_WEIGHTED", M.roc_auc_score(yk, pk, multi_class="ovr", average="weighted"))
 *	v("R_RMSE", np.sqrt(M.mean_squared_error(yr, prr))); v("R_MAE", M.mean_absolute_error(yr, prr))
 *	v("R_R2", M.r2_score(yr, prr)); v("R_MAPE", M.mean_absolute_percentage_error(yr, prr))
 *	res = yr - prr
 *	for i, q in enumerate([5, 25, 50, 75, 95]): v("R_Q%d" % i, np.percentile(res, q))
 *	# fairness by hand (Fairlearn between_groups)
 *	sel = []; tpr = []; fpr = []
 *	for k in range(3):
 *	    m = g == k
 *	    sel.append(pb[m].mean()); tpr.append(pb[m & (yb==1)].mean()); fpr.append(pb[m & (yb==0)].mean())
 *	v("F_DPD", max(sel)-min(sel)); v("F_DPR", min(sel)/max(sel))
 *	v("F_EOD", max(max(tpr)-min(tpr), max(fpr)-min(fpr))); v("F_EOR", min(min(tpr)/max(tpr), min(fpr)/max(fpr)))
 */
#include <math.h>
#include <stdio.h>

#include "stats/metrics.h"
#include "t.h"

#define NEAR(a, b)	(fabs((a) - (b)) <= 1e-9 * (1 + fabs((double)(b))))

static const int yb[] = {
	1, 0, 1, 0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1,
	1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0
};
static const double sb[] = {
	0.69999999999999996, 0.59999999999999998, 0.5, 0.40000000000000002,
	0.90000000000000002, 0.40000000000000002, 0.69999999999999996,
	0.80000000000000004, 0.40000000000000002, 0.69999999999999996,
	0.10000000000000001, 0.69999999999999996, 0.20000000000000001,
	0.69999999999999996, 0.20000000000000001, 0.5, 0.5,
	0.20000000000000001, 0.69999999999999996, 0.20000000000000001,
	0.29999999999999999, 0.20000000000000001, 0.80000000000000004,
	0.59999999999999998, 0.29999999999999999, 0.5, 0.59999999999999998,
	0.90000000000000002, 0.10000000000000001, 0.5, 0.59999999999999998,
	0.29999999999999999, 0.40000000000000002, 0.69999999999999996,
	0.59999999999999998, 0, 0.10000000000000001, 0.80000000000000004,
	0.69999999999999996, 0.5
};
static const int pb[] = {
	1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 0, 1,
	1, 0, 1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1
};
static const int yk[] = {
	0, 0, 1, 0, 0, 0, 0, 2, 2, 2, 1, 2, 1, 0, 0, 1, 0, 2, 2, 1, 2, 1, 0,
	1, 2, 1, 0, 0, 1, 1
};
static const double pk[] = {
	0.43253500591603267, 0.2125488448388837, 0.35491614924508363,
	0.58078739747350749, 0.050731919833865532, 0.36848068269262685,
	0.20998881407943601, 0.42054158920684032, 0.3694695967137237,
	0.63668765175328335, 0.14122753821859557, 0.22208481002812094,
	0.74361878273959692, 0.14615906696563946, 0.11022215029476351,
	0.42396978855868245, 0.29772533739302826, 0.27830487404828935,
	0.59787070302023126, 0.20582868165447085, 0.19630061532529783,
	0.16045232648395186, 0.31924943783605692, 0.52029823567999123,
	0.019677158118489878, 0.35866940844822459, 0.6216534334332855,
	0.077239915413360491, 0.16969616975470644, 0.75306391483193313,
	0.095485030146329711, 0.72349555305920177, 0.18101941679446854,
	0.24600021355925855, 0.077985571169626469, 0.67601421527111494,
	0.221202619171149, 0.47486609941488117, 0.30393128141396969,
	0.7544268848069009, 0.23482208924209727, 0.010751025951001841,
	0.67676473231535117, 0.22262657265543612, 0.10060869502921256,
	0.23321309918922495, 0.56025695563806088, 0.2065299451727142,
	0.41286255225171919, 0.20478843828241172, 0.38234900946586925,
	0.21040610219260075, 0.21247615969709649, 0.57711773811030287,
	0.38308973608582109, 0.23287396438958544, 0.38403629952459356,
	0.15792986222441979, 0.70358023236603418, 0.13848990540954598,
	0.2994249965191324, 0.19657595012136686, 0.50399905335950068,
	0.18949747224833685, 0.58154278530618297, 0.22895974244548015,
	0.50408709649873884, 0.19298658838318322, 0.30292631511807788,
	0.29686331566112106, 0.64650617290021606, 0.056630511438662844,
	0.35561476069033687, 0.13503114923081275, 0.50935409007885046,
	0.14151267183338531, 0.39679096683926701, 0.4616963613273477,
	0.7664613421732337, 0.040673038223340438, 0.19286561960342594,
	0.54301321939174918, 0.055894892158762942, 0.4010918884494879,
	0.15576081666521033, 0.43877740668527881, 0.40546177664951089,
	0.33039974781703374, 0.45998545247823225, 0.20961479970473415
};
static const int predk[] = {
	0, 0, 1, 0, 0, 0, 0, 2, 2, 2, 1, 2, 1, 0, 0, 1, 0, 2, 2, 1, 2, 1, 0,
	1, 2, 2, 0, 0, 1, 1
};
static const double yr[] = {
	2.5037544452185516, 4.9359919451504393, 0.13846085016138998,
	1.2379890286430477, 5.398929175792671, -0.17429487272355426,
	4.960219381854257, 3.2673506379883062, -0.015089442209023529,
	4.5046402303162125, 3.0977649343824432, 4.890371677294552,
	3.7342800641438521, 5.7011832113944747, 1.9304825200420712,
	7.5858995025072886, 7.7805187045566147, 0.068811418719109785,
	2.760013007139916, 5.9016346014653083, -0.7206362759566991,
	6.2699424364476357, 0.37435916634777033, 7.4056562708174347,
	6.2065819146188463
};
static const double prr[] = {
	2.6586426996105708, 3.6339208433774179, 1.0794408706867109,
	4.2773774258918653, 5.0556341876045154, 1.4724865757104681,
	4.6743609409800575, 4.2148986652751104, 0.6584532968242709,
	3.0411115079518583, 2.7159011619162436, 4.4309076569706614,
	2.769678213173127, 6.6195658276995291, 2.4220142863122609,
	7.0868492854698193, 7.2439102283286045, 1.9808787927188469,
	4.3597241811964462, 4.8110457584028756, -0.73842770262814861,
	8.3152302931281934, 0.72140392247927376, 8.8744999831839557,
	6.0198399154462212
};
static const int grp[] = {
	0, 0, 2, 2, 1, 2, 0, 0, 1, 0, 0, 1, 2, 0, 0, 2, 1, 1, 1, 1, 2, 0, 1,
	2, 0, 2, 0, 2, 2, 0, 1, 0, 2, 0, 2, 2, 1, 2, 2, 0
};
#define B_ACC 0.82499999999999996
#define B_BACC 0.83082706766917291
#define B_AUC 0.96741854636591484
#define B_AP 0.95822890559732665
#define B_BRIER 0.11750000000000002
#define B_LOGLOSS 0.39506548213996961
#define B_ECE 0.22500000000000001
#define K_ACC 0.96666666666666667
#define K_BACC 0.96666666666666667
#define K_P0 1
#define K_R0 1
#define K_F0 1
#define K_P1 1
#define K_R1 0.90000000000000002
#define K_F1 0.94736842105263164
#define K_P2 0.88888888888888884
#define K_R2 1
#define K_F2 0.94117647058823528
#define K_P_MACRO 0.96296296296296291
#define K_R_MACRO 0.96666666666666667
#define K_F_MACRO 0.96284829721362231
#define K_P_WEIGHTED 0.97037037037037033
#define K_R_WEIGHTED 0.96666666666666667
#define K_F_WEIGHTED 0.96676986584107327
#define K_LOGLOSS 0.58863132305854515
#define K_AUC_MACRO 0.99431818181818177
#define K_AUC_WEIGHTED 0.99545454545454548
#define R_RMSE 1.1841924249822302
#define R_MAE 0.94869848007451618
#define R_R2 0.79656306749652295
#define R_MAPE 3.8192648190770426
#define R_Q0 -2.0186437601443936
#define R_Q1 -0.94754802728680421
#define R_Q2 -0.15488825439201914
#define R_Q3 0.45946402032389067
#define R_Q4 1.2597746500309031
#define F_DPD 0.1333333333333333
#define F_DPR 0.80000000000000004
#define F_EOD 0.17499999999999999
#define F_EOR 0.53333333333333333

int
main(void)
{
	struct weir_class_metrics m;
	struct weir_reg_metrics r;
	struct weir_calibration cal;
	struct weir_fairness f;
	double pb2[80], sbd[40];
	size_t i, g[40];

	weir_class_metrics(&m, yb, pb, 40, 2);
	CHECK(NEAR(m.accuracy, B_ACC) && NEAR(m.balanced_accuracy, B_BACC));
	weir_class_metrics_release(&m);
	for (i = 0; i < 40; i++) {
		sbd[i] = sb[i];
		pb2[2 * i] = 1 - sb[i];
		pb2[2 * i + 1] = sb[i];
		g[i] = (size_t)grp[i];
	}
	CHECK(NEAR(weir_roc_auc(yb, sbd, 40), B_AUC));
	CHECK(NEAR(weir_average_precision(yb, sbd, 40), B_AP));
	CHECK(NEAR(weir_brier(yb, sbd, 40), B_BRIER));
	CHECK(NEAR(weir_log_loss(yb, pb2, 40, 2), B_LOGLOSS));
	weir_calibration(yb, sbd, 40, &cal);
	CHECK(NEAR(cal.ece, B_ECE));

	weir_class_metrics(&m, yk, predk, 30, 3);
	CHECK(NEAR(m.accuracy, K_ACC) && NEAR(m.balanced_accuracy, K_BACC));
	CHECK(NEAR(m.precision[0], K_P0) && NEAR(m.recall[0], K_R0) &&
	    NEAR(m.f1[0], K_F0));
	CHECK(NEAR(m.precision[1], K_P1) && NEAR(m.recall[1], K_R1) &&
	    NEAR(m.f1[1], K_F1));
	CHECK(NEAR(m.precision[2], K_P2) && NEAR(m.recall[2], K_R2) &&
	    NEAR(m.f1[2], K_F2));
	CHECK(NEAR(m.precision_macro, K_P_MACRO) && NEAR(m.recall_macro,
	    K_R_MACRO) && NEAR(m.f1_macro, K_F_MACRO));
	CHECK(NEAR(m.precision_weighted, K_P_WEIGHTED) &&
	    NEAR(m.recall_weighted, K_R_WEIGHTED) && NEAR(m.f1_weighted,
	    K_F_WEIGHTED));
	weir_class_metrics_release(&m);
	CHECK(NEAR(weir_log_loss(yk, pk, 30, 3), K_LOGLOSS));
	CHECK(NEAR(weir_ovr_auc(yk, pk, 30, 3, 0), K_AUC_MACRO));
	CHECK(NEAR(weir_ovr_auc(yk, pk, 30, 3, 1), K_AUC_WEIGHTED));

	weir_reg_metrics(&r, yr, prr, 25);
	CHECK(NEAR(r.rmse, R_RMSE) && NEAR(r.mae, R_MAE) && NEAR(r.r2, R_R2) &&
	    NEAR(r.mape, R_MAPE));
	CHECK(NEAR(r.resid_q[0], R_Q0) && NEAR(r.resid_q[1], R_Q1) &&
	    NEAR(r.resid_q[2], R_Q2) && NEAR(r.resid_q[3], R_Q3) &&
	    NEAR(r.resid_q[4], R_Q4));

	weir_fairness(&f, yb, pb, g, 40, 3);
	CHECK(NEAR(f.dp_difference, F_DPD) && NEAR(f.dp_ratio, F_DPR));
	CHECK(NEAR(f.eo_difference, F_EOD) && NEAR(f.eo_ratio, F_EOR));
	weir_fairness_release(&f);

	/* one class only: AUC undefined */
	CHECK(isnan(weir_roc_auc((const int[]){ 1, 1 }, (const double[]){ 0.2,
	    0.9 }, 2)));
	return T_DONE();
}
